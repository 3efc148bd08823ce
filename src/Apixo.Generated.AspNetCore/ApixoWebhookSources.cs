using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Apixo.Generated.AspNetCore;

/// <summary>What a callback's admission found.</summary>
internal enum ApixoWebhookAdmission
{
    Admitted,

    /// <summary>This source has too many callbacks pending: 429 for it alone.</summary>
    SourceFull,

    /// <summary>All sources together have too many pending: 503.</summary>
    Full,
}

/// <summary>
/// Counts the callbacks pending confirmation per source and in all, so that one source (a flood of forged
/// callbacks) fills only its own share and a callback from anywhere else still gets in.
/// </summary>
internal sealed class ApixoWebhookSources(IOptions<ApixoWebhookOptions> options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _pending = new(StringComparer.Ordinal);
    private int _total;

    /// <summary>
    /// The source of a request: its remote address, which only ASP.NET's ForwardedHeaders middleware may
    /// rewrite from X-Forwarded-For (a header read here would let a flood name any source it likes). An IPv6
    /// caller holds a whole /64, so the /64 is one source.
    /// </summary>
    public static string KeyOf(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "(unknown)";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }

        return address.ToString();
    }

    public ApixoWebhookAdmission TryAdmit(string source)
    {
        lock (_gate)
        {
            if (_total >= options.Value.QueueCapacity)
            {
                return ApixoWebhookAdmission.Full;
            }

            _pending.TryGetValue(source, out var pending);
            if (pending >= options.Value.MaxPendingPerSource)
            {
                return ApixoWebhookAdmission.SourceFull;
            }

            _pending[source] = pending + 1;
            _total++;
            return ApixoWebhookAdmission.Admitted;
        }
    }

    public void Leave(string source)
    {
        lock (_gate)
        {
            if (!_pending.TryGetValue(source, out var pending))
            {
                return;
            }

            if (pending <= 1)
            {
                _pending.Remove(source);
            }
            else
            {
                _pending[source] = pending - 1;
            }

            _total--;
        }
    }

    /// <summary>Callbacks pending in all.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _total;
            }
        }
    }
}
