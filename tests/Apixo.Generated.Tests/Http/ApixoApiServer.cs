using Apixo.Generated.Http;
using WireMock.Server;

namespace Apixo.Generated.Tests.Http;

/// <summary>A WireMock.Net server on loopback, and a generated client pointed at it under APIXO's base path.</summary>
public sealed class ApixoApiServer : IDisposable
{
    public const string ApiKey = "sk-test-0123456789";
    public const string BasePath = "/api/v1";

    public ApixoApiServer()
    {
        Server = WireMockServer.Start();
        Api = ApixoApiFactory.Create(new Uri(Server.Url + BasePath), ApiKey);
    }

    public WireMockServer Server { get; }

    public IApixoApi Api { get; }

    public void Dispose()
    {
        Server.Stop();
        Server.Dispose();
    }
}
