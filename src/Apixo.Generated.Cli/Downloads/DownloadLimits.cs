using System.CommandLine;
using System.Globalization;

namespace Apixo.Generated.Cli;

/// <summary>The bounds of result downloads. Each has a default sized for the API's images and an option to change it.</summary>
internal sealed record DownloadLimits
{
    /// <summary>Connecting to a result host, DNS included.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>One download, from the first byte sent to the last byte saved, redirects included.</summary>
    public TimeSpan DownloadTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>The largest image saved. A 4096×4096 PNG is at most about 50 MiB.</summary>
    public long MaxBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary>Redirects followed per download.</summary>
    public int MaxRedirects { get; init; } = 3;

    /// <summary>Result URLs one task may have; a task with more is refused whole.</summary>
    public int MaxResults { get; init; } = 16;

    /// <summary>The options that set the limits, for <c>generate</c> and <c>wait</c>.</summary>
    public sealed class Options
    {
        private static readonly DownloadLimits Defaults = new();

        public Option<double> ConnectTimeout { get; } = new("--connect-timeout")
        {
            Description = Invariant($"Seconds to connect to a result host (default {Defaults.ConnectTimeout.TotalSeconds})."),
            DefaultValueFactory = _ => Defaults.ConnectTimeout.TotalSeconds,
        };

        public Option<double> DownloadTimeout { get; } = new("--download-timeout")
        {
            Description = Invariant($"Seconds one image download may take, redirects included (default {Defaults.DownloadTimeout.TotalSeconds})."),
            DefaultValueFactory = _ => Defaults.DownloadTimeout.TotalSeconds,
        };

        public Option<long> MaxBytes { get; } = new("--max-image-bytes")
        {
            Description = Invariant($"The largest image saved, in bytes (default {Defaults.MaxBytes}, 100 MiB)."),
            DefaultValueFactory = _ => Defaults.MaxBytes,
        };

        public Option<int> MaxRedirects { get; } = new("--max-redirects")
        {
            Description = Invariant($"Redirects followed per download (default {Defaults.MaxRedirects})."),
            DefaultValueFactory = _ => Defaults.MaxRedirects,
        };

        public Option<int> MaxResults { get; } = new("--max-results")
        {
            Description = Invariant($"Result URLs one task may have; more is refused (default {Defaults.MaxResults})."),
            DefaultValueFactory = _ => Defaults.MaxResults,
        };

        public IEnumerable<Option> All => [ConnectTimeout, DownloadTimeout, MaxBytes, MaxRedirects, MaxResults];

        /// <summary>The limits a command line asks for.</summary>
        /// <exception cref="CliInputException">A limit out of range.</exception>
        public DownloadLimits Read(ParseResult parse)
        {
            var connect = parse.GetValue(ConnectTimeout);
            var download = parse.GetValue(DownloadTimeout);
            var bytes = parse.GetValue(MaxBytes);
            var redirects = parse.GetValue(MaxRedirects);
            var results = parse.GetValue(MaxResults);
            if (!IsSeconds(connect) || !IsSeconds(download))
            {
                throw new CliInputException("--connect-timeout and --download-timeout must be numbers of seconds from 0.001 to 86400.");
            }

            if (bytes < 1 || redirects < 0 || results < 1)
            {
                throw new CliInputException("--max-image-bytes and --max-results must be at least 1, --max-redirects at least 0.");
            }

            return new DownloadLimits
            {
                ConnectTimeout = TimeSpan.FromSeconds(connect),
                DownloadTimeout = TimeSpan.FromSeconds(download),
                MaxBytes = bytes,
                MaxRedirects = redirects,
                MaxResults = results,
            };
        }

        // At least a millisecond: a smaller value would round to zero, which SocketsHttpHandler refuses.
        private static bool IsSeconds(double value) => double.IsFinite(value) && value >= 0.001 && value <= 86_400;

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }
}
