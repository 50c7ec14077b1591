using Microcredit.Scoring.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Microcredit.Underwriting.Dashboard.Portfolio;

/// <summary>/portfolio: decisions per day, the loan book by product and bucket, vintage curves, frozen lines (docs/dashboard.md).</summary>
public sealed class IndexModel(Database database, TimeProvider time) : PageModel
{
    /// <summary>The decisions window in days: 30, 60 or 90 (anything else shows 30).</summary>
    [BindProperty(SupportsGet = true)]
    public int Days { get; set; } = 30;

    /// <summary>all, credit or order (anything else shows all).</summary>
    [BindProperty(SupportsGet = true)]
    public string Product { get; set; } = PortfolioReport.AllProducts;

    public PortfolioReport Report { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Days = PortfolioReport.Windows.Contains(Days) ? Days : PortfolioReport.Windows[0];
        Product = PortfolioReport.ProductFilters.Contains(Product) ? Product : PortfolioReport.AllProducts;
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        Report = await PortfolioReport.LoadAsync(database, today, Days, Product, cancellationToken);
    }
}
