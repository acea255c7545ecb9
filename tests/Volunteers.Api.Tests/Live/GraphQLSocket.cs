using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;

namespace Volunteers.Tests.Live;

/// <summary>A client's side of graphql-transport-ws on /graphql, for the tests that drive subscriptions.</summary>
public static class GraphQLSocket
{
    /// <summary>A socket as stock clients open one: the token, when there is one, in access_token.</summary>
    public static Task<WebSocket> Connect(ApiHost host, string? accessToken = null) =>
        At(host, accessToken is null ? "" : $"?access_token={Uri.EscapeDataString(accessToken)}");

    /// <summary>A socket as the web app opens one: a one-time ticket in its address.</summary>
    public static Task<WebSocket> WithTicket(ApiHost host, string ticket) => At(host, $"?ticket={Uri.EscapeDataString(ticket)}");

    private static async Task<WebSocket> At(ApiHost host, string query)
    {
        var client = host.Server.CreateWebSocketClient();
        client.SubProtocols.Add("graphql-transport-ws");
        return await client.ConnectAsync(new Uri(host.Server.BaseAddress, "/graphql" + query), CancellationToken.None);
    }

    public static async Task<WebSocket> Initialised(ApiHost host, string? accessToken = null)
    {
        var socket = await Connect(host, accessToken);
        await Send(socket, new { type = "connection_init" });
        Assert.Equal("connection_ack", (await Receive(socket)).GetProperty("type").GetString());
        return socket;
    }

    public static Task Send(WebSocket socket, object message) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, true, CancellationToken.None);

    public static async Task<JsonElement> Receive(WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var message = new MemoryStream();
        var buffer = new byte[8192];
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, timeout.Token);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        Assert.Equal(WebSocketMessageType.Text, result.MessageType);
        return JsonDocument.Parse(message.ToArray()).RootElement.Clone();
    }
}
