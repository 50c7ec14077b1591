using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Microcredit.Scoring.Storage;

/// <summary>
/// The few SQLite calls made once per value on the bulk paths (import staging, history loading),
/// bound directly to the e_sqlite3 library that SQLitePCLRaw ships. SQLitePCLRaw's own calls
/// wrap every handle in a SafeHandle and make a full GC transition; at tens of millions of values
/// that overhead costs more than SQLite's work. Only calls that return at once (no I/O, no
/// callbacks, no locks held for long) suppress the GC transition; stepping a statement does not.
/// Handles come from SQLitePCLRaw objects that the caller keeps alive.
/// </summary>
internal static unsafe partial class UnsafeNativeMethods
{
    private const string Library = "e_sqlite3";

    /// <summary>SQLite copies the value before the call returns.</summary>
    public static readonly nint Transient = -1;

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl), typeof(CallConvSuppressGCTransition)])]
    public static partial int sqlite3_bind_int64(nint statement, int index, long value);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl), typeof(CallConvSuppressGCTransition)])]
    public static partial int sqlite3_bind_null(nint statement, int index);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl), typeof(CallConvSuppressGCTransition)])]
    public static partial int sqlite3_bind_text16(nint statement, int index, char* text, int bytes, nint destructor);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl), typeof(CallConvSuppressGCTransition)])]
    public static partial int sqlite3_changes(nint database);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int sqlite3_step(nint statement);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl), typeof(CallConvSuppressGCTransition)])]
    public static partial int sqlite3_reset(nint statement);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl), typeof(CallConvSuppressGCTransition)])]
    public static partial long sqlite3_column_int64(nint statement, int column);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl), typeof(CallConvSuppressGCTransition)])]
    public static partial int sqlite3_column_type(nint statement, int column);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl), typeof(CallConvSuppressGCTransition)])]
    public static partial byte* sqlite3_column_blob(nint statement, int column);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl), typeof(CallConvSuppressGCTransition)])]
    public static partial int sqlite3_column_bytes(nint statement, int column);
}
