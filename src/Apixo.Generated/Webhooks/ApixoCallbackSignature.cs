using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Apixo.Generated;

/// <summary>
/// Signed callback URLs, which APIXO itself does not offer: a token appended to the <c>callback_url</c> as the
/// query parameter <see cref="QueryParameter"/>, an HMAC-SHA256 with a key only the application holds over a
/// random nonce, the time it was issued and the URL's path and query. A receiver that checks it rejects a
/// forged callback before it costs a status call.
/// </summary>
/// <remarks>
/// Format <c>v1.{issued, Unix seconds}.{nonce, base64url}.{mac, base64url}</c>; the MAC covers
/// <c>"apixo-callback-v1\n{issued}\n{nonce}\n{path}\n{query}"</c>, where path is unescaped and query is the
/// URL's query as sent, without the token. Scheme and host are not covered: behind a proxy the receiver
/// rarely sees the ones the URL names. The token says the URL came from the application; it does not say
/// which task a callback is about, so the receiver still confirms every callback with a status call.
/// </remarks>
public static class ApixoCallbackSignature
{
    /// <summary>The query parameter that carries the token.</summary>
    public const string QueryParameter = "apixo_sig";

    /// <summary>The shortest key accepted, in characters: a key is a secret, not a password to remember.</summary>
    public const int MinimumKeyLength = 32;

    private const string Version = "v1";
    private const string Purpose = "apixo-callback-v1";
    private const int NonceBytes = 16;
    private const int MacBytes = 32;

    // Callbacks come from another clock: a token issued a little "in the future" is still ours.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// <paramref name="callbackUrl"/> with a fresh token appended (a token it already carries is replaced).
    /// Sign each submit's URL anew: every token has its own nonce.
    /// </summary>
    /// <exception cref="ArgumentException">The URL is not absolute, or the key is shorter than <see cref="MinimumKeyLength"/>.</exception>
    public static Uri Sign(Uri callbackUrl, string key, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(callbackUrl);
        var keyBytes = KeyBytes(key, nameof(key));
        if (!callbackUrl.IsAbsoluteUri)
        {
            throw new ArgumentException("The callback URL must be absolute.", nameof(callbackUrl));
        }

        var query = WithoutToken(callbackUrl.GetComponents(UriComponents.Query, UriFormat.UriEscaped), out _);
        var issued = (timeProvider ?? TimeProvider.System).GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var nonce = ToBase64Url(RandomNumberGenerator.GetBytes(NonceBytes));
        var mac = ToBase64Url(Mac(keyBytes, issued, nonce, Uri.UnescapeDataString(callbackUrl.AbsolutePath), query));
        var token = $"{Version}.{issued}.{nonce}.{mac}";

        var builder = new UriBuilder(callbackUrl)
        {
            Query = (query.Length == 0 ? string.Empty : query + "&") + QueryParameter + "=" + token,
        };
        return builder.Uri;
    }

    /// <summary>
    /// Checks the token in a callback request's query against <paramref name="key"/> and, during a rotation,
    /// <paramref name="previousKey"/>, in constant time per key.
    /// </summary>
    /// <param name="path">The request's path as received (unescaped, path base included).</param>
    /// <param name="query">The request's raw query string, with or without its leading <c>?</c>.</param>
    /// <param name="key">The current key.</param>
    /// <param name="previousKey">The key before the current one, accepted until every URL it signed is older than <paramref name="maxAge"/>; null when there is none.</param>
    /// <param name="maxAge">How old a token may be.</param>
    /// <param name="now">The receiver's time.</param>
    public static ApixoCallbackSignatureStatus Verify(string path, string? query, string key, string? previousKey, TimeSpan maxAge, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(path);
        var current = KeyBytes(key, nameof(key));
        var previous = previousKey is null ? null : KeyBytes(previousKey, nameof(previousKey));

        var rest = WithoutToken(query is { Length: > 0 } && query[0] == '?' ? query[1..] : query ?? string.Empty, out var tokens);
        if (tokens.Count == 0)
        {
            return ApixoCallbackSignatureStatus.Missing;
        }

        if (tokens.Count > 1 || !TryParse(tokens[0], out var issued, out var nonce, out var mac))
        {
            return ApixoCallbackSignatureStatus.Malformed;
        }

        var canonicalPath = Uri.UnescapeDataString(path.Length == 0 ? "/" : path);
        var valid = CryptographicOperations.FixedTimeEquals(Mac(current, issued, nonce, canonicalPath, rest), mac)
            | (previous is not null && CryptographicOperations.FixedTimeEquals(Mac(previous, issued, nonce, canonicalPath, rest), mac));
        if (!valid)
        {
            return ApixoCallbackSignatureStatus.Invalid;
        }

        // Age is checked only once the MAC holds: the issue time of an unauthenticated token means nothing.
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(long.Parse(issued, NumberStyles.None, CultureInfo.InvariantCulture));
        if (issuedAt - now > ClockSkew)
        {
            return ApixoCallbackSignatureStatus.Invalid;
        }

        return now - issuedAt > maxAge ? ApixoCallbackSignatureStatus.Expired : ApixoCallbackSignatureStatus.Valid;
    }

    private static byte[] KeyBytes(string key, string parameter)
    {
        ArgumentNullException.ThrowIfNull(key, parameter);
        // The message never holds the key, only what is wrong with it.
        if (key.Length < MinimumKeyLength)
        {
            throw new ArgumentException($"A callback signing key must have at least {MinimumKeyLength} characters.", parameter);
        }

        return Encoding.UTF8.GetBytes(key);
    }

    private static byte[] Mac(byte[] key, string issued, string nonce, string path, string query) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{Purpose}\n{issued}\n{nonce}\n{path}\n{query}"));

    private static bool TryParse(string token, out string issued, out string nonce, out byte[] mac)
    {
        issued = nonce = string.Empty;
        mac = [];
        var parts = token.Split('.');
        if (parts.Length != 4 || parts[0] != Version
            || parts[1].Length is 0 or > 12 || !parts[1].All(char.IsAsciiDigit)
            || !TryFromBase64Url(parts[2], NonceBytes, out _)
            || !TryFromBase64Url(parts[3], MacBytes, out mac))
        {
            return false;
        }

        issued = parts[1];
        nonce = parts[2];
        return true;
    }

    // Base64url by hand: System.Buffers.Text.Base64Url is not in net8.0, which this package targets too.
    private static string ToBase64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryFromBase64Url(string text, int length, out byte[] bytes)
    {
        bytes = [];
        if (text.Length != (length * 4 + 2) / 3 || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return false;
        }

        var padded = text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - text.Length % 4) % 4);
        bytes = Convert.FromBase64String(padded);
        return bytes.Length == length;
    }

    // The query without the token's parameter, order kept: the signer appends the token last, and anything
    // the application put in the URL (a tenant, a job id) stays covered by the MAC.
    private static string WithoutToken(string query, out List<string> tokens)
    {
        tokens = [];
        if (query.Length == 0)
        {
            return query;
        }

        var kept = new List<string>();
        foreach (var pair in query.Split('&'))
        {
            if (pair.StartsWith(QueryParameter + "=", StringComparison.Ordinal))
            {
                tokens.Add(Uri.UnescapeDataString(pair[(QueryParameter.Length + 1)..]));
            }
            else if (pair.Length > 0)
            {
                kept.Add(pair);
            }
        }

        return string.Join('&', kept);
    }
}
