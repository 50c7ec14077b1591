using System.Xml.Linq;
using Dapper;
using Microcredit.Scoring.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Microcredit.Underwriting.Dashboard.Officers;

/// <summary>
/// Keeps the data-protection key ring in the database, so that every instance of the service
/// protects and unprotects sign-in cookies and form tokens with the same keys. The key manager calls
/// this synchronously and rarely (start-up, key roll-over, an unknown key id).
/// </summary>
public sealed class DatabaseKeyRing(Database database, TimeProvider time) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = database.Open();
        return [.. connection.Query<string>("SELECT xml FROM data_protection_keys ORDER BY created_at, friendly_name").Select(XElement.Parse)];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = database.Open();
        // Key ids are fresh GUIDs, so a conflict can only be the same element stored twice.
        connection.Execute(
            "INSERT INTO data_protection_keys (friendly_name, xml, created_at) VALUES (@friendlyName, @xml, @at) ON CONFLICT (friendly_name) DO NOTHING",
            new { friendlyName, xml = element.ToString(SaveOptions.DisableFormatting), at = DbTime.ToDb(time.GetUtcNow()) });
    }
}
