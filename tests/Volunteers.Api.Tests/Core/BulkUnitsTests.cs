namespace Volunteers.Tests.Core;

/// <summary>createUnits is all or nothing: a refused item leaves none of the items before it behind.</summary>
public sealed class BulkUnitsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly GraphQLClient _api = factory.GraphQL();

    public static TheoryData<string, string> BadLastItems => new()
    {
        { """{ "parentKey": "n", "name": "Bộ phận một cửa", "kind": "DESK" }""", "parentId" },
        { """{ "key": "w", "parentKey": "d", "name": "Xã Lặp", "kind": "WARD" }""", "key" },
        { """{ "parentKey": "w", "name": "Thôn \u202Eạl", "kind": "NEIGHBOURHOOD" }""", "name" },
        { """{ "parentKey": "nope", "name": "Thôn Mồ Côi", "kind": "NEIGHBOURHOOD" }""", "parentKey" },
    };

    [Theory]
    [MemberData(nameof(BadLastItems))]
    public async Task A_bad_item_refuses_the_whole_call_before_anything_is_written(string lastItem, string field)
    {
        var province = (string)(await _api.Data("{ me { scopeId } }"))["me"]!["scopeId"]!;
        var before = await Children(province);
        var inputs = System.Text.Json.Nodes.JsonNode.Parse($$"""
            [
              { "key": "d", "parentId": "{{province}}", "name": "Huyện Thử", "kind": "DISTRICT" },
              { "key": "w", "parentKey": "d", "name": "Xã Thử", "kind": "WARD", "code": "{{$"B{Guid.NewGuid():N}"[..12]}}" },
              { "key": "n", "parentKey": "w", "name": "Thôn Thử", "kind": "NEIGHBOURHOOD" },
              {{lastItem}}
            ]
            """);

        var error = await _api.Error("mutation($inputs: [UnitInput!]!) { createUnits(inputs: $inputs) { id } }", new { inputs });

        Assert.Equal(field, error.Field);
        Assert.Contains("Item 4 of 4", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await Children(province));
    }

    private async Task<int> Children(string unit) =>
        (await _api.Data("query($u: ID!) { unit(id: $u) { children { id } } }", new { u = unit }))["unit"]!["children"]!.AsArray().Count;
}
