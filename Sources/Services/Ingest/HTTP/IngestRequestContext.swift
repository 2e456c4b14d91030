import Hummingbird
import KomfyAccess

/// Per-request state: the request id every response and log line carries, and, behind the
/// authentication middleware, the caller's API key.
struct IngestRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// From the client's `X-Request-ID` when it is sane, otherwise generated.
    var requestID = ""
    /// Set by `AuthenticationMiddleware`; routes behind it can rely on it.
    var apiKey: ApiKeyRecord?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// The authenticated key; only call behind `AuthenticationMiddleware`.
    var caller: ApiKeyRecord {
        get throws {
            guard let apiKey else {
                throw APIError(.unauthorized, "missing_auth", "Send your API key as 'Authorization: Bearer sk_live_...'.")
            }
            return apiKey
        }
    }
}
