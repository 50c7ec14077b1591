using Microsoft.Extensions.Configuration;

namespace Microcredit.Jobs.Ingest;

/// <summary><c>Jobs:ingest</c>: the inbox folder; processed/ and failed/ are inside it.</summary>
public sealed class IngestOptions
{
    public const string Section = "Jobs:ingest";

    public string Inbox { get; set; } = "data/inbox";

    public static IngestOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<IngestOptions>() ?? new IngestOptions();
}
