namespace Volunteers.Tests.Browser;

/// <summary>The "help records" section an official's ward page and a leader's team page share.</summary>
public static class RecordReview
{
    /// <summary>Voids the newest live record of the volunteer with the first reason of the list; returns its record id.</summary>
    public static async Task<string> VoidNewest(IPage page, string volunteer)
    {
        var record = page.Locator(".record-list li:not(.voided)").Filter(new() { HasText = volunteer }).First;
        var recordId = (await record.GetAttributeAsync("data-record"))!;
        await record.GetByRole(AriaRole.Button, new() { Name = $"Huỷ lượt ghi của {volunteer}" }).ClickAsync();
        await Assertions.Expect(record.GetByLabel("Lý do huỷ")).ToHaveValueAsync("records.reason.duplicate");
        await record.GetByRole(AriaRole.Button, new() { Name = "Huỷ lượt ghi này" }).ClickAsync();
        var voided = page.Locator($".record-list li[data-record='{recordId}']");
        await Assertions.Expect(voided).ToContainTextAsync("Đã huỷ — lý do: Ghi trùng một lượt hỗ trợ");
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"Đã huỷ lượt ghi của {volunteer}" })).ToBeVisibleAsync();
        return recordId;
    }

    public static async Task ExpectRecords(IPage page, string volunteer, int live)
    {
        await Assertions.Expect(page.Locator(".record-list li:not(.voided)").Filter(new() { HasText = volunteer })).ToHaveCountAsync(live);
    }
}
