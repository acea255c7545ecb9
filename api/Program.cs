using Volunteers.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddVolunteersHost();
builder.Services.AddVolunteersApi();

var app = builder.Build();
app.MapVolunteersApi();
app.Run();

/// <summary>Visible to WebApplicationFactory in the API tests.</summary>
public partial class Program;
