using System.Net;
using System.Net.Sockets;

namespace Apixo.Generated.Cli;

/// <summary>Whether an address is on the public internet, or is loopback, private, link-local, metadata or otherwise special.</summary>
internal static class NetworkAddress
{
    // IPv4 ranges that are not the public internet (RFC 6890 and friends), as (network, prefix length).
    private static readonly (uint Network, int Prefix)[] SpecialV4 =
    [
        (0x00000000, 8),   // 0.0.0.0/8 "this network"
        (0x0A000000, 8),   // 10/8 private
        (0x64400000, 10),  // 100.64/10 carrier-grade NAT
        (0x7F000000, 8),   // 127/8 loopback
        (0xA9FE0000, 16),  // 169.254/16 link-local, cloud metadata (169.254.169.254)
        (0xAC100000, 12),  // 172.16/12 private
        (0xC0000000, 24),  // 192.0.0/24 protocol assignments
        (0xC0000200, 24),  // 192.0.2/24 documentation
        (0xC0586300, 24),  // 192.88.99/24 6to4 relay
        (0xC0A80000, 16),  // 192.168/16 private
        (0xC6120000, 15),  // 198.18/15 benchmarking
        (0xC6336400, 24),  // 198.51.100/24 documentation
        (0xCB007100, 24),  // 203.0.113/24 documentation
        (0xE0000000, 4),   // 224/4 multicast
        (0xF0000000, 4),   // 240/4 reserved, broadcast
    ];

    /// <summary>Whether <paramref name="address"/> is a public unicast address, safe to fetch a result from.</summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var bytes = address.GetAddressBytes();
            var value = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
            return !SpecialV4.Any(range => (value & Mask(range.Prefix)) == range.Network);
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        var v6 = address.GetAddressBytes();
        if (IPAddress.IPv6Any.Equals(address) || IPAddress.IPv6Loopback.Equals(address)
            || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6Teredo)
        {
            return false;
        }

        return (v6[0] & 0xFE) != 0xFC                                             // fc00::/7 unique local (AWS metadata fd00:ec2::254 too)
            && !(v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0D && v6[3] == 0xB8) // 2001:db8::/32 documentation
            && !(v6[0] == 0x20 && v6[1] == 0x02)                                  // 2002::/16 6to4: an IPv4 address inside
            && !(v6[0] == 0x00 && v6[1] == 0x64 && v6[2] == 0xFF && v6[3] == 0x9B) // 64:ff9b::/96 NAT64: an IPv4 address inside
            && !(v6[0] == 0x01 && v6[1] == 0x00 && v6.AsSpan(2, 6).IndexOfAnyExcept((byte)0) < 0) // 100::/64 discard
            && v6.AsSpan(0, 12).IndexOfAnyExcept((byte)0) >= 0;                  // ::/96 IPv4-compatible, unspecified
    }

    private static uint Mask(int prefix) => prefix == 0 ? 0 : uint.MaxValue << (32 - prefix);
}
