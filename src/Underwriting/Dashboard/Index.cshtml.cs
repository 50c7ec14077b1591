using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Microcredit.Underwriting.Dashboard;

/// <summary>The dashboard opens on the review queue.</summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() => Redirect("/reviews");
}
