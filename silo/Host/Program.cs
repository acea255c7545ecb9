using Volunteers.Hosting;
using Volunteers.ServiceDefaults;
using Volunteers.Storage;

var builder = WebApplication.CreateBuilder(args);
// The command comes first; whatever follows it is configuration, and it never starts a silo.
if (args is ["migrate", ..])
{
    await DatabaseMigrator.RunAloneAsync(builder.Configuration);
    return;
}

builder.AddVolunteersOperations("volunteers-silo");
builder.UseOrleans(silo => silo
    .AddVolunteers(builder.Configuration)
    .UseVolunteersClustering(builder.Configuration)
    .AddVolunteersOperations(builder.Configuration));

var app = builder.Build();
app.MapVolunteersOperations();
await app.RunAsync();
