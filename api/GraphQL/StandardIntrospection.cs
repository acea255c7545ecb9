using GraphQL.Introspection;
using GraphQL.Types;

namespace Volunteers.Api.GraphQL;

/// <summary>
/// What graphql-js's <c>getIntrospectionQuery()</c> asks beyond the October 2021 specification, answered, so GraphiQL,
/// codegen and IDE plugins can send it with their newer options: <c>directiveIsRepeatable</c> (GraphQL.NET keeps it
/// behind a feature switch and hides it by default), <c>schemaDescription</c> and <c>oneOf</c> (always on).
/// GraphQL.NET 8 has no <c>specifiedByURL</c>, and no <c>includeDeprecated</c> on a directive's arguments, which
/// <c>inputValueDeprecation</c> asks for; both are off in GraphiQL's defaults.
/// </summary>
internal sealed class StandardIntrospection : DefaultSchemaFilter
{
    public static void Enable(Schema schema)
    {
        schema.Features.RepeatableDirectives = true;
        schema.Filter = new StandardIntrospection();
    }

    public override Task<bool> AllowField(IGraphType parent, IFieldType field) =>
        field.Name == "isRepeatable" && parent.Name == "__Directive" ? Allowed : base.AllowField(parent, field);
}
