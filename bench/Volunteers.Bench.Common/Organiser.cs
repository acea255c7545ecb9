namespace Volunteers.Bench;

/// <summary>
/// The organiser account that bench/run.sh makes with <c>create-organiser</c> before the api starts: the
/// benches set up their wards, campaigns and teams under its province, and read counts and reconcile as it.
/// </summary>
public sealed record Organiser(ApiClient Api, string ProvinceId)
{
    public static async Task<Organiser> SignInAsync(ApiClient anonymous, string username, string password)
    {
        var session = (await anonymous.Data(
            "mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { accessToken account { scopeId } } }",
            new { u = username, p = password }))["signIn"]!;
        return new Organiser(anonymous.As((string)session["accessToken"]!), (string)session["account"]!["scopeId"]!);
    }
}
