using System.Security.Cryptography;
using System.Text;

namespace Microcredit.Underwriting.Webhooks;

/// <summary>
/// The <c>Microcredit-Signature</c> header: <c>t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c>, where the hex is
/// HMAC-SHA256 keyed with the secret's UTF-8 bytes over <c>t + "." + body</c> (the exact body bytes).
/// Signing the time lets a receiver refuse an old request replayed later.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "Microcredit-Signature";

    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> body) =>
        $"t={unixSeconds},v1={Compute(secret, unixSeconds, body)}";

    public static string Compute(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(unixSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }
}
