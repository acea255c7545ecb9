using GraphQLParser.AST;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Volunteers.Api.GraphQL.Http;

/// <summary>
/// Parsed documents that passed every validation rule once, by their text. Phones and pages send the same few
/// documents over and over with other variables, and GraphQL.NET parses and validates each anew; a document found
/// here skips both and runs only the parts of the rules that read the variables or the caller
/// (<see cref="KnownDocumentValidator"/>). A document that failed is never kept, so it fails the same way
/// every time. Bounded by the characters of the texts it holds, so a flood of distinct documents pushes the
/// least recently used out instead of growing the heap.
/// </summary>
internal sealed class DocumentCache(IOptions<GraphQLHttpOptions> options) : IDisposable
{
    private readonly MemoryCache _documents = new(new MemoryCacheOptions { SizeLimit = options.Value.DocumentCacheCharacters });

    /// <summary>
    /// Longer texts are parsed every time: none of the web app's documents comes near, and one near the whole budget
    /// would push every other document out each time it was sent.
    /// </summary>
    private readonly int _longest = (int)Math.Min(int.MaxValue, options.Value.DocumentCacheCharacters / 16);

    public GraphQLDocument? Find(string query) => _documents.TryGetValue(query, out GraphQLDocument? document) ? document : null;

    /// <summary>Keeps a document that passed validation whole; the caller must not keep one that did not.</summary>
    public void Keep(string query, GraphQLDocument document)
    {
        if (query.Length <= _longest)
        {
            _documents.Set(query, document, new MemoryCacheEntryOptions { Size = Math.Max(query.Length, 1) });
        }
    }

    public void Dispose() => _documents.Dispose();
}
