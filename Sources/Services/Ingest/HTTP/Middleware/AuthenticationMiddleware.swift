import Hummingbird
import KomfyAccess

/// Lets a request through only with a known, unrevoked API key (`Authorization: Bearer sk_...`), and
/// puts the key's record in the context. Missing, malformed, unknown and revoked keys get a 401 whose
/// code says which, and whose message says what to send.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = IngestRequestContext
    let keys: KeyDirectory

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let result = keys.authenticate(authorization: request.headers[.authorization])
        guard let record = result.record else {
            let error = result.error ?? AccessError(code: .invalidAPIKey, message: "This API key does not exist.")
            throw APIError(.unauthorized, error.code.rawValue, error.message,
                           headers: [.wwwAuthenticate: #"Bearer realm="komfy""#])
        }
        var context = context
        context.apiKey = record
        context.logger[metadataKey: "komfy.api_key_id"] = "\(record.keyID)"
        return try await next(request, context)
    }
}
