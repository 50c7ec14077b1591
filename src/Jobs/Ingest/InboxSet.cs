namespace Microcredit.Jobs.Ingest;

/// <summary>
/// Files that arrived together and import in one transaction: a folder dropped into the inbox,
/// or the loose files at the inbox's top level. <see cref="Name"/> names it in processed/ and failed/.
/// </summary>
/// <param name="Name">The folder's name, or empty for the loose files.</param>
/// <param name="Directory">Where the files are now (the folder itself, or the claimed loose files' work folder).</param>
/// <param name="Files">The *.csv and *.csv.gz files of the set.</param>
internal sealed record InboxSet(string Name, string Directory, IReadOnlyList<string> Files);
