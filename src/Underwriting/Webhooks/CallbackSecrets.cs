using System.Security.Cryptography;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Dashboard;
using Microsoft.AspNetCore.DataProtection;

namespace Microcredit.Underwriting.Webhooks;

/// <summary>
/// Webhook signing secrets. The sender needs the secret itself to sign, so it cannot be hashed like
/// an API key: it is stored protected (encrypted and authenticated) with the ASP.NET Core
/// data-protection key ring kept in the database (data_protection_keys), the one every instance and
/// the CLI share. A copy of api_keys alone (a dump, a log) reveals no secret.
/// </summary>
public sealed class CallbackSecrets(IDataProtectionProvider provider) : IDisposable
{
    private const string Purpose = "Microcredit.Webhooks.CallbackSecret.v1";

    private readonly IDataProtector protector = provider.CreateProtector(Purpose);

    private ServiceProvider? owner;

    /// <summary>A fresh secret: whsec_ and 64 hex digits (256 random bits).</summary>
    public static string Generate() => "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public string Protect(string secret) => protector.Protect(secret);

    /// <summary>
    /// A fresh secret and its protected form. Make it before opening the transaction that stores
    /// it: protecting may create the key ring's first key, which is written on a connection of its
    /// own (on SQLite it would wait for the transaction's write lock).
    /// </summary>
    public NewSecret Create()
    {
        var secret = Generate();
        return new NewSecret(secret, Protect(secret));
    }

    public string Unprotect(string stored) => protector.Unprotect(stored);

    /// <summary>For a host without the service's container (the credit CLI): the same key ring, read from the database.</summary>
    public static CallbackSecrets ForDatabase(Database database, TimeProvider time)
    {
        var services = new ServiceCollection();
        services.AddSingleton(database);
        services.AddSingleton(time);
        services.AddDatabaseKeyRing();
        var container = services.BuildServiceProvider();
        return new CallbackSecrets(container.GetRequiredService<IDataProtectionProvider>()) { owner = container };
    }

    public void Dispose() => owner?.Dispose();
}

/// <summary>A secret to show once (<paramref name="Plain"/>) and to store (<paramref name="Protected"/>).</summary>
public sealed record NewSecret(string Plain, string Protected)
{
    public override string ToString() => "NewSecret { *** }";
}
