using System.Net;

namespace Apixo.Generated.Tests.Hostile;

/// <summary>One request as <see cref="HostileApixoServer"/> received it: everything a test may want to assert on.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path, unescaped as Kestrel gives it, without the query.</param>
/// <param name="Query">The raw query string, with its leading '?' (empty when none).</param>
/// <param name="Headers">Every request header, names as sent; a repeated header has several values.</param>
/// <param name="Body">The request body as UTF-8 text (the first 1 MiB).</param>
/// <param name="Remote">The client's end of the connection.</param>
internal sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string[]> Headers, string Body, IPEndPoint? Remote)
{
    /// <summary>The path and the query, as in the request line.</summary>
    public string PathAndQuery => Path + Query;

    /// <summary>The values of header <paramref name="name"/> joined with ", " (case-insensitive name); null when absent.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var values) ? string.Join(", ", values) : null;

    /// <summary>Whether the request carried an Authorization header at all.</summary>
    public bool HasAuthorization => Headers.ContainsKey("Authorization");
}
