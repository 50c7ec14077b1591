using System.Collections.Concurrent;

namespace Microcredit.Scoring.Features.History;

/// <summary>
/// Loading orders as two stages: the reading thread fills <see cref="OrderBatch"/>es from the
/// database and hands them on; a second thread adds them to the builder in the order handed, so the
/// history is the one a single thread would build, while reading and building share the two cores.
/// </summary>
internal sealed class OrderPipeline : IDisposable
{
    private readonly BlockingCollection<OrderBatch> full = new(boundedCapacity: 4);
    private readonly BlockingCollection<OrderBatch> empty = new();
    private readonly CancellationTokenSource stop;
    private readonly Task building;

    public OrderPipeline(HistoryBuilder builder, CancellationToken cancellationToken)
    {
        stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        for (var i = 0; i < 6; i++)
        {
            empty.Add(new OrderBatch(), CancellationToken.None);
        }

        building = Task.Run(
            () =>
            {
                try
                {
                    foreach (var batch in full.GetConsumingEnumerable(stop.Token))
                    {
                        batch.AddTo(builder);
                        empty.Add(batch, stop.Token);
                    }
                }
                catch
                {
                    // Unblocks the reading thread, which then reports this failure.
                    stop.Cancel();
                    throw;
                }
            },
            stop.Token);
    }

    /// <summary>An empty batch to fill.</summary>
    public OrderBatch Take()
    {
        var batch = empty.Take(stop.Token);
        batch.Count = 0;
        batch.CharCount = 0;
        return batch;
    }

    /// <summary>Hands a filled batch to the building thread.</summary>
    public void Hand(OrderBatch batch) => full.Add(batch, stop.Token);

    /// <summary>Runs <paramref name="read"/> on this thread, then waits until every batch is built; a failure on either side is rethrown.</summary>
    public T Run<T>(Func<OrderPipeline, T> read)
    {
        T result;
        try
        {
            result = read(this);
            full.CompleteAdding();
            building.GetAwaiter().GetResult();
        }
        catch
        {
            stop.Cancel();
            try
            {
                building.Wait(CancellationToken.None);
            }
            catch (AggregateException failed) when (failed.InnerException is not OperationCanceledException)
            {
                throw failed.InnerException!;
            }
            catch (AggregateException)
            {
                // The builder was cancelled by this thread's own failure, rethrown below.
            }

            throw;
        }

        return result;
    }

    public void Dispose()
    {
        stop.Dispose();
        full.Dispose();
        empty.Dispose();
    }
}
