using System.Collections.Concurrent;
using System.Data.Common;

namespace Microcredit.Scoring.Import;

public sealed partial class Importer
{
    private const int ProgressEveryRows = 65_536;

    /// <summary>Streams one file into its staging table, or with <paramref name="direct"/> into its empty table.</summary>
    private static StageOutcome Stage(
        DbConnection connection,
        DbTransaction transaction,
        InputFile file,
        string path,
        bool direct,
        KnownEntities known,
        ImportErrors errors,
        IProgress<ImportProgress>? progress,
        CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(path);
        var report = new RowReport(name, errors);
        using var source = CsvSource.Open(path);
        report.StartRow(1);
        if (!ReadNext(source, report, known, file))
        {
            if (!report.Failed)
            {
                report.Error(null, "is empty: the header row is missing");
            }

            return default;
        }

        var map = MapHeader(file, source, report);
        if (map is null)
        {
            known.Unreadable.Add(file.Name);
            return default;
        }

        using var writer = StageWriter.Create(connection, transaction, file, direct);
        var (read, valid, parserWaited, writerWaited) = Pipeline(source, file, map, writer, report, known, progress, name, cancellationToken);
        writer.Complete();
        if (writer.Duplicates.Count > 0)
        {
            var lines = LinesOf(path, file, writer.Duplicates.Select(d => d.Key).ToHashSet(StringComparer.Ordinal));
            foreach (var (line, key, _) in writer.Duplicates)
            {
                report.StartRow(line);
                report.Error(string.Join(",", file.Key), DuplicateMessage(file, key, lines[key][0]));
            }
        }

        progress?.Report(new ImportProgress(name, source.BytesTotal, source.BytesTotal, read));
        return new StageOutcome(read, valid, writer.Inserted, parserWaited, writerWaited);
    }

    /// <summary>
    /// Parses on a worker thread while this one writes to the database: on two cores the CSV
    /// and the engine each get one. Batches of reused row buffers go back and forth through two
    /// bounded queues, so memory stays at a few thousand rows whatever the file's size. Only the
    /// worker touches the report and the known entities until it is done.
    /// </summary>
    private static (long Read, long Staged, TimeSpan ParserWaited, TimeSpan WriterWaited) Pipeline(
        CsvSource source,
        InputFile file,
        int[] map,
        StageWriter writer,
        RowReport report,
        KnownEntities known,
        IProgress<ImportProgress>? progress,
        string name,
        CancellationToken cancellationToken)
    {
        const int Batches = 4;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var free = new BlockingCollection<RowBatch>(Batches);
        using var full = new BlockingCollection<RowBatch>(Batches);
        for (var i = 0; i < Batches; i++)
        {
            free.Add(new RowBatch(file.Columns.Count), cancellationToken);
        }

        long read = 0;
        long parserWaited = 0, writerWaited = 0;
        var parser = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    var batch = TakeTimed(free, ref parserWaited, stop.Token);
                    while (ReadNext(source, report, known, file))
                    {
                        read++;
                        report.StartRow(source.Line);
                        var row = batch.Rows[batch.Count];
                        row.Clear();
                        row.Line = source.Line;
                        // Rows with errors are staged too when their key parsed, flagged, so that the
                        // set-based checks neither miss duplicates nor report their dependents as missing.
                        if (Parse(file, source, map, row, report, known))
                        {
                            row.Valid = !report.Failed;
                            if (++batch.Count == RowBatch.Size)
                            {
                                full.Add(batch, stop.Token);
                                batch = TakeTimed(free, ref parserWaited, stop.Token);
                            }
                        }

                        if (read % ProgressEveryRows == 0)
                        {
                            progress?.Report(new ImportProgress(name, source.BytesRead, source.BytesTotal, read));
                        }
                    }

                    full.Add(batch, stop.Token);
                }
                finally
                {
                    full.CompleteAdding();
                }
            },
            stop.Token,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        long staged = 0;
        try
        {
            while (TryTakeTimed(full, ref writerWaited, stop.Token, out var batch))
            {
                writer.Write(batch.Rows.AsSpan(0, batch.Count));
                for (var i = 0; i < batch.Count; i++)
                {
                    staged += batch.Rows[i].Valid ? 1 : 0;
                }

                batch.Count = 0;
                free.Add(batch, stop.Token);
            }
        }
        catch
        {
            stop.Cancel();
            throw;
        }
        finally
        {
            // Surfaces the parser's own failure, if any, after the writer has stopped.
            try
            {
                parser.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
            }
        }

        return (read, staged, TimeSpan.FromTicks(parserWaited), TimeSpan.FromTicks(writerWaited));
    }

    private static RowBatch TakeTimed(BlockingCollection<RowBatch> queue, ref long waited, CancellationToken cancellationToken)
    {
        if (queue.TryTake(out var batch))
        {
            return batch;
        }

        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        batch = queue.Take(cancellationToken);
        waited += System.Diagnostics.Stopwatch.GetElapsedTime(start).Ticks;
        return batch;
    }

    private static bool TryTakeTimed(BlockingCollection<RowBatch> queue, ref long waited, CancellationToken cancellationToken, out RowBatch batch)
    {
        if (queue.TryTake(out batch!))
        {
            return true;
        }

        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var taken = queue.TryTake(out batch!, Timeout.Infinite, cancellationToken);
        waited += System.Diagnostics.Stopwatch.GetElapsedTime(start).Ticks;
        return taken;
    }

    /// <summary>
    /// Reads a file again for the lines holding each given key, in order: the error path of
    /// duplicates found by a direct load, which keeps no line numbers in the table.
    /// </summary>
    private static Dictionary<string, List<long>> LinesOf(string path, InputFile file, HashSet<string> keys)
    {
        var lines = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        var keyIndexes = file.Key.Select(file.IndexOf).ToArray();
        var silent = new RowReport(Path.GetFileName(path), new ImportErrors());
        var row = new RowBuffer(file.Columns.Count);
        using var source = CsvSource.Open(path);
        source.Read();
        var header = Enumerable.Range(0, source.FieldCount).Select(source.String).ToList();
        var map = file.Columns.Select(c => header.IndexOf(c.Name)).ToArray();
        while (source.Read())
        {
            row.Clear();
            var parsed = true;
            foreach (var i in keyIndexes)
            {
                var value = map[i] >= 0 && map[i] < source.FieldCount ? source.Span(map[i]) : [];
                parsed &= value.Length > 0 && ParseField(file.Columns[i], value, source, map[i], row, i, silent);
            }

            var key = parsed ? StageWriter.ShowKey(file, keyIndexes, row) : null;
            if (key is not null && keys.Contains(key))
            {
                if (!lines.TryGetValue(key, out var list))
                {
                    lines[key] = list = [];
                }

                list.Add(source.Line);
            }
        }

        return lines;
    }

    /// <summary>Advances the source; a record too broken to read ends the file with an error.</summary>
    private static bool ReadNext(CsvSource source, RowReport report, KnownEntities known, InputFile file)
    {
        try
        {
            return source.Read();
        }
        catch (CsvHelper.CsvFormatException ex)
        {
            known.Unreadable.Add(file.Name);
            report.StartRow(ex.LineNumber);
            report.Error(null, "starts a record longer than 1 MiB (a quote that is never closed?); reading stopped here");
            return false;
        }
        catch (InvalidDataException ex)
        {
            // GZipStream: not gzip, corrupt, or cut short. The rows read so far are not the file.
            known.Unreadable.Add(file.Name);
            report.StartRow(source.Line + 1);
            report.Error(null, $"cannot be decompressed ({ex.Message}); reading stopped here");
            return false;
        }
    }

    /// <summary>Maps file columns to header positions; reports unknown, missing and repeated names.</summary>
    private static int[]? MapHeader(InputFile file, CsvSource source, RowReport report)
    {
        report.StartRow(1);
        if (!source.IsValidUtf8)
        {
            report.Error(null, "the header is not valid UTF-8");
            return null;
        }

        var map = new int[file.Columns.Count];
        Array.Fill(map, -1);
        var expected = string.Join(", ", file.Columns.Select(c => c.Name));
        for (var i = 0; i < source.FieldCount; i++)
        {
            var header = source.String(i);
            var index = file.Columns.ToList().FindIndex(c => c.Name == header);
            if (index < 0)
            {
                report.Error(FieldParser.Shorten(header), $"unknown column '{FieldParser.Shorten(header)}'; {file.Name}.csv has: {expected}");
            }
            else if (map[index] >= 0)
            {
                report.Error(header, $"column '{header}' appears twice");
            }
            else
            {
                map[index] = i;
            }
        }

        for (var i = 0; i < map.Length; i++)
        {
            if (map[i] < 0)
            {
                report.Error(file.Columns[i].Name, $"missing column '{file.Columns[i].Name}'");
            }
        }

        return report.Failed ? null : map;
    }

    /// <summary>
    /// Parses and checks one record into <paramref name="row"/>, reporting what is wrong; returns
    /// whether its key parsed (then the row can be staged, valid or not). A record whose shape is
    /// broken (bad bytes, quoting, field count) reports only that and contributes just its key.
    /// </summary>
    private static bool Parse(InputFile file, CsvSource source, int[] map, RowBuffer row, RowReport report, KnownEntities known)
    {
        var shapeError = !source.IsValidUtf8 ? "is not valid UTF-8"
            : source.TakeMalformed() is { } reason ? reason switch
            {
                CsvHelper.CsvMalformedReason.UnterminatedQuote => "has a quoted field that is never closed",
                CsvHelper.CsvMalformedReason.TextAfterClosingQuote => "has text after the closing quote of a field (RFC 4180: double a quote inside a quoted field)",
                _ => "has a quote inside an unquoted field (RFC 4180: quote the whole field and double inner quotes)",
            }
            : source.FieldCount != map.Length ? $"has {source.FieldCount} fields; the header has {map.Length}"
            : null;
        if (shapeError is not null)
        {
            report.Error(null, shapeError);
        }

        var keyParsed = true;
        // A broken record already has its one error; its key is parsed without reporting more.
        var sink = shapeError is null ? report : new RowReport(report.File, new ImportErrors());
        for (var i = 0; i < map.Length; i++)
        {
            var column = file.Columns[i];
            var isKey = file.IsKey[i];
            if (shapeError is not null && !isKey)
            {
                continue;
            }

            var value = map[i] < source.FieldCount ? source.Span(map[i]) : [];
            var ok = value.Length == 0 ? !column.Required : ParseField(column, value, source, map[i], row, i, sink);
            if (value.Length == 0 && column.Required)
            {
                sink.Error(column.Name, "is required");
            }

            keyParsed &= ok || !isKey;
        }

        if (!keyParsed)
        {
            return false;
        }

        file.Remember(row, known);
        if (!report.Failed)
        {
            file.CheckRow(row, report, known);
        }

        return true;
    }

    private static bool ParseField(Column column, ReadOnlySpan<byte> value, CsvSource source, int field, RowBuffer row, int i, RowReport report)
    {
        string? error;
        switch (column.Kind)
        {
            case ColumnKind.Id:
                row.Text[i] = source.String(field);
                FieldParser.TryId(row.Text[i]!, out error);
                break;
            case ColumnKind.Text:
                row.Text[i] = source.String(field);
                FieldParser.TryText(row.Text[i]!, out error);
                break;
            case ColumnKind.Product:
                row.Text[i] = value.SequenceEqual("credit"u8) ? "credit" : value.SequenceEqual("order"u8) ? "order" : null;
                error = row.Text[i] is null ? $"'{FieldParser.Shorten(value)}' is not credit or order" : null;
                break;
            case ColumnKind.Date:
                FieldParser.TryDate(value, out _, out error);
                row.Text[i] = error is null ? source.String(field) : null;
                break;
            case ColumnKind.Timestamp:
                FieldParser.TryTimestamp(value, out var ms, out error);
                row.Number[i] = ms;
                break;
            case ColumnKind.Money:
                FieldParser.TryMoney(value, out var cents, out error);
                row.Number[i] = cents;
                break;
            case ColumnKind.Rate:
                FieldParser.TryRate(value, out var micros, out error);
                row.Number[i] = micros;
                break;
            case ColumnKind.Boolean:
                FieldParser.TryBoolean(value, out var flag, out error);
                row.Number[i] = flag ? 1 : 0;
                break;
            case ColumnKind.PositiveInteger:
                FieldParser.TryPositiveInteger(value, out var number, out error);
                row.Number[i] = number;
                break;
            default:
                throw new InvalidOperationException($"Unknown column kind {column.Kind}.");
        }

        if (error is null)
        {
            return true;
        }

        row.Text[i] = null;
        row.Number[i] = null;
        report.Error(column.Name, error);
        return false;
    }
}
