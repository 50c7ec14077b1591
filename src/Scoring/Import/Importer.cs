using System.Data.Common;
using Dapper;
using Microcredit.Scoring.Storage;

namespace Microcredit.Scoring.Import;

/// <summary>
/// Loads any subset of the six input files (docs/data-format.md) from a folder in one
/// transaction: every row is parsed and checked while it streams into a staging table, the
/// checks that span rows and the database run as queries over the staged rows, and only when
/// nothing is wrong do the rows merge into the tables. On any error nothing is written.
/// </summary>
public sealed partial class Importer(Database database, TimeProvider time)
{
    /// <summary>
    /// The PostgreSQL advisory lock an import holds for its whole transaction; whatever else writes
    /// what imports write (the loan servicing job's pledge sweep) takes it too.
    /// </summary>
    public const long HistoryLock = 7214002;

    /// <summary>The files in the order they are read: each may reference the ones before it.</summary>
    internal static readonly IReadOnlyList<InputFile> Files =
    [
        new MerchantsFile(),
        new OrdersFile(),
        new LoansFile(),
        new InstallmentsFile(),
        new RepaymentsFile(),
        new LoanOrdersFile(),
    ];

    /// <summary>The base names of the files an import folder may hold, in reading order.</summary>
    public static IReadOnlyList<string> FileNames { get; } = [.. Files.Select(f => f.Name + ".csv")];

    /// <summary>Imports what <paramref name="directory"/> holds; the result says what was written or why nothing was.</summary>
    public async Task<ImportResult> ImportAsync(string directory, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var started = time.GetUtcNow();
        var errors = new ImportErrors();
        var found = Discover(directory, errors);
        var order = found.Select(f => Path.GetFileName(f.Path)).ToList();
        if (errors.Any)
        {
            return new ImportResult([], errors.First(order), errors.Total);
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (database.Engine == DatabaseEngine.Postgres)
        {
            // One import at a time: two would race on the same keys and the same first-load indexes.
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@HistoryLock)", new { HistoryLock }, transaction, cancellationToken: cancellationToken));
        }

        await TuneSessionAsync(connection, transaction, cancellationToken);
        var phases = new ImportPhases(time);
        var known = await LoadKnownAsync(connection, transaction, cancellationToken);
        await CreateStagingAsync(connection, transaction, cancellationToken);

        var empty = new HashSet<InputFile>();
        foreach (var (file, _) in found)
        {
            if (await IsEmptyAsync(connection, transaction, file, cancellationToken))
            {
                empty.Add(file);
            }
        }

        // A first load into an empty table skips staging where it can (rows go straight into the
        // table), and keys and indexes are built once afterwards instead of row by row.
        var direct = empty.Where(f => f.CanLoadDirectly).ToHashSet();
        foreach (var file in empty)
        {
            await DropKeysAsync(connection, transaction, file, cancellationToken);
        }

        var staged = new Dictionary<InputFile, StageOutcome>();
        foreach (var (file, path) in found)
        {
            staged[file] = Stage(connection, transaction, file, path, direct.Contains(file), known, errors, progress, cancellationToken);
            if (database.Engine == DatabaseEngine.Postgres && (!empty.Contains(file) || !file.CanLoadDirectly))
            {
                // Temporary tables get no statistics by themselves; without them the joins of the
                // checks and merges against filled tables are planned blind.
                await connection.ExecuteAsync(new CommandDefinition($"ANALYZE {file.StageTable}", transaction: transaction, cancellationToken: cancellationToken, commandTimeout: 0));
            }
            phases.End($"read {file.Name} (parser waited {staged[file].ParserWaited.TotalSeconds:F1}s, writer {staged[file].WriterWaited.TotalSeconds:F1}s)");
        }

        // Into an empty PostgreSQL table, adding the primary key after the load finds duplicates
        // for free; only when it fails does the duplicate query run, to name the lines.
        var keyCheckedByLoad = database.Engine == DatabaseEngine.Postgres ? empty : [];
        foreach (var (file, path) in found.Where(f => !direct.Contains(f.File)))
        {
            await CheckAsync(connection, transaction, file, Path.GetFileName(path), known, errors, !keyCheckedByLoad.Contains(file), cancellationToken);
            phases.End("check " + file.Name);
        }

        if (errors.Any)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new ImportResult([], errors.First(order), errors.Total) { Phases = phases.All };
        }

        var results = new List<ImportFileResult>();
        foreach (var (file, path) in found)
        {
            var outcome = staged[file];
            var (updated, inserted) = direct.Contains(file)
                ? (0, outcome.Inserted)
                : await MergeAsync(connection, transaction, file, empty.Contains(file), cancellationToken);
            if (empty.Contains(file) && !await RestoreKeysAsync(connection, transaction, file, cancellationToken))
            {
                // The primary key met a key twice: name the lines, from staging or from the file.
                if (direct.Contains(file))
                {
                    await ReportDirectDuplicatesAsync(connection, transaction, file, path, errors, cancellationToken);
                }
                else
                {
                    await RunCheckAsync(connection, transaction, DuplicateKeys(file), Path.GetFileName(path), errors, cancellationToken);
                }

                await transaction.RollbackAsync(cancellationToken);
                return new ImportResult([], errors.First(order), errors.Total) { Phases = phases.All };
            }

            if (database.Engine == DatabaseEngine.Postgres && inserted > 0 && (empty.Contains(file) || inserted > 100_000))
            {
                // Fresh statistics, so the planner knows the table grew by orders of magnitude. A
                // first load most of all: until autovacuum's analyze came (up to a minute later),
                // the API planned the loans' installments and repayments as whole-table scans, one
                // per decision (374 decisions/s where it sustains 1,000). Updates leave the row count
                // as it was; what they change (null fractions of the filled timestamps)
                // autovacuum's analyze picks up once a tenth of the rows changed.
                await connection.ExecuteAsync(new CommandDefinition($"ANALYZE {file.Table}", transaction: transaction, cancellationToken: cancellationToken, commandTimeout: 0));
            }

            results.Add(new ImportFileResult(Path.GetFileName(path), outcome.Read, inserted, updated, outcome.Valid - inserted - updated));
            phases.End("merge " + file.Name);
        }

        // Pledged orders of platform order loans that settled in this import repay their loans now,
        // in the same transaction: a failed import collects nothing, a repeated one nothing new.
        var pledges = await Loans.PledgeSweep.CollectAsync(connection, transaction, cancellationToken);
        phases.End("collect pledges");
        await DropStagingAsync(connection, transaction, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO imports (import_id, started_at, finished_at, files, rows_inserted, rows_updated, rows_unchanged)
            VALUES (@Id, @Started, @Finished, @Files, @Inserted, @Updated, @Unchanged)
            """,
            new
            {
                Id = Guid.CreateVersion7(started).ToString("N"),
                Started = DbTime.ToDb(started),
                Finished = DbTime.ToDb(time.GetUtcNow()),
                Files = string.Join(",", order),
                Inserted = results.Sum(r => r.Inserted),
                Updated = results.Sum(r => r.Updated),
                Unchanged = results.Sum(r => r.Unchanged),
            },
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        phases.End("commit");
        return new ImportResult(results, [], 0) { Phases = phases.All, PledgesResolved = pledges };
    }

    /// <summary>Session settings for a bulk load, restored or discarded when the connection is reused.</summary>
    private async Task TuneSessionAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var sql = database.Engine == DatabaseEngine.Sqlite
            // A 256 MiB page cache keeps the primary-key B-trees of millions of rows in memory.
            ? "PRAGMA cache_size = -262144"
            // Local to this transaction: memory for sorts, hashes and the index builds of a first load.
            : "SET LOCAL work_mem = '256MB'; SET LOCAL maintenance_work_mem = '512MB'";
        await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken));
    }

    /// <summary>Finds the input files in a folder: NAME.csv or NAME.csv.gz, not both.</summary>
    private static List<(InputFile File, string Path)> Discover(string directory, ImportErrors errors)
    {
        var found = new List<(InputFile, string)>();
        if (!Directory.Exists(directory))
        {
            errors.Add(new ImportError(directory, 0, null, "the import folder does not exist"));
            return found;
        }

        foreach (var file in Files)
        {
            var plain = Path.Combine(directory, file.Name + ".csv");
            var gzip = plain + ".gz";
            if (File.Exists(plain) && File.Exists(gzip))
            {
                errors.Add(new ImportError(Path.GetFileName(gzip), 0, null, $"both {file.Name}.csv and {file.Name}.csv.gz are present; keep one"));
            }
            else if (File.Exists(plain) || File.Exists(gzip))
            {
                found.Add((file, File.Exists(plain) ? plain : gzip));
            }
        }

        if (found.Count == 0 && !errors.Any)
        {
            errors.Add(new ImportError(directory, 0, null, $"holds none of the input files ({string.Join(", ", FileNames)}, optionally .gz)"));
        }

        return found;
    }

    private static async Task<KnownEntities> LoadKnownAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var known = new KnownEntities();
        var merchants = await connection.QueryAsync<(string Id, long RegisteredAt)>(new CommandDefinition(
            "SELECT merchant_id, registered_at FROM merchants", transaction: transaction, cancellationToken: cancellationToken));
        foreach (var (id, registeredAt) in merchants)
        {
            known.Merchants[id] = registeredAt;
        }

        var loans = await connection.QueryAsync<(string Id, string MerchantId, string Product, long DisbursedAt, string Origin)>(new CommandDefinition(
            "SELECT loan_id, merchant_id, product, disbursed_at, origin FROM loans", transaction: transaction, cancellationToken: cancellationToken));
        foreach (var (id, merchantId, product, disbursedAt, origin) in loans)
        {
            known.Loans[id] = new KnownLoan(merchantId, product, disbursedAt, origin == Loans.LoanOrigin.Platform);
        }

        return known;
    }

    private static async Task CreateStagingAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var file in Files)
        {
            var columns = string.Join(", ", file.Columns.Select(c => $"{c.Name} {(c.IsText ? "TEXT" : "BIGINT")}"));
            await connection.ExecuteAsync(new CommandDefinition(
                $"CREATE TEMP TABLE {file.StageTable} (line BIGINT NOT NULL, valid SMALLINT NOT NULL, {columns})", transaction: transaction, cancellationToken: cancellationToken));
        }
    }

    private static async Task DropStagingAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        // Dropped inside the transaction: on rollback the tables vanish with it, and a pooled
        // connection never carries them into the next import.
        foreach (var file in Files)
        {
            await connection.ExecuteAsync(new CommandDefinition($"DROP TABLE {file.StageTable}", transaction: transaction, cancellationToken: cancellationToken));
        }
    }
}
