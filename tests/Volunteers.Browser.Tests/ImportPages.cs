using System.Text;

namespace Volunteers.Tests.Browser;

/// <summary>The import page, one step a method: a CSV chosen as from the phone's files, sent, and its end awaited.</summary>
public sealed class ImportPages(IPage page)
{
    public static Task Choose(IPage page, string name, params string[] lines) =>
        page.GetByLabel("Tệp CSV hoặc XLSX").SetInputFilesAsync(new FilePayload
        {
            Name = name,
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n"),
        });

    /// <summary>Imports a file of the kind named by its label on the page; every row must be taken.</summary>
    public async Task ImportAll(string kind, string name, params string[] lines)
    {
        await page.GotoAsync("/import.html");
        var choice = page.GetByLabel(kind);
        if (await choice.CountAsync() > 0)
        {
            await choice.CheckAsync();
        }
        await page.GetByLabel("Không nhập gì nếu có bất kỳ dòng nào lỗi").CheckAsync();
        await Choose(page, name, lines);
        await page.GetByRole(AriaRole.Button, new() { Name = "Nhập dữ liệu", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Đã xử lý" }))
            .ToContainTextAsync($"Đã xử lý {lines.Length - 1}/{lines.Length - 1} dòng");
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Đã xử lý" })).ToContainTextAsync($"{lines.Length - 1} dòng mới");
    }
}
