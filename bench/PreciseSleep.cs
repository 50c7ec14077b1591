using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Microcredit.Bench;

/// <summary>
/// Sleeps until a Stopwatch timestamp with the kernel's timer precision (tens of microseconds)
/// rather than Thread.Sleep's milliseconds. Thread.Sleep(1) wakes after about 1.05 ms on Linux:
/// the open-loop generator then sent its requests up to a millisecond late, two at a time, and
/// both its lateness (counted in every latency) and the bursts (queueing in the service) were the
/// generator's, not the service's. Elsewhere it falls back to Thread.Sleep.
/// </summary>
internal static partial class PreciseSleep
{
    private const int ClockMonotonic = 1;
    private const int AbsoluteTime = 1;

    // Stopwatch on Linux reads CLOCK_MONOTONIC in nanoseconds, so its timestamps are the clock's.
    private static readonly bool Monotonic = OperatingSystem.IsLinux() && Stopwatch.Frequency == 1_000_000_000;

    public static void Until(long timestamp)
    {
        if (!Monotonic)
        {
            while (timestamp - Stopwatch.GetTimestamp() > Stopwatch.Frequency / 5000)
            {
                Thread.Sleep(1);
            }

            return;
        }

        var deadline = new Timespec { Seconds = timestamp / 1_000_000_000, Nanoseconds = timestamp % 1_000_000_000 };
        // A signal (EINTR) ends the sleep early: sleep again until the deadline has passed.
        while (Stopwatch.GetTimestamp() < timestamp)
        {
            _ = clock_nanosleep(ClockMonotonic, AbsoluteTime, in deadline, 0);
        }
    }

    [LibraryImport("libc", SetLastError = false)]
    private static partial int clock_nanosleep(int clock, int flags, in Timespec request, nint remaining);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
