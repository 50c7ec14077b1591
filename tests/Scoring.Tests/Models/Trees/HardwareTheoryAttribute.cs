using System.Runtime.Intrinsics.X86;

namespace Microcredit.Scoring.Tests.Models.Trees;

// The vector walks use x86 intrinsics that throw on hardware without them. Such a test is
// reported as skipped, with the missing instruction set named, rather than passing unseen.
public sealed class Avx2TheoryAttribute : TheoryAttribute
{
    public Avx2TheoryAttribute()
    {
        if (!Avx2.IsSupported)
        {
            Skip = "This machine has no AVX2; the AVX2 walk cannot run here.";
        }
    }
}

public sealed class Avx512TheoryAttribute : TheoryAttribute
{
    public Avx512TheoryAttribute()
    {
        if (!(Avx512F.IsSupported && Avx2.IsSupported))
        {
            Skip = "This machine has no AVX-512F; the AVX-512 walks cannot run here.";
        }
    }
}
