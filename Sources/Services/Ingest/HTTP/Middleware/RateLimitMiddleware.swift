import HTTPTypes
import Hummingbird
import KomfyAccess

/// The per-plan limits of every authenticated request (requests per minute; for submissions also the
/// queue depth), with the `X-RateLimit-*`, `X-Concurrent-*` and `X-Queue-*` headers on every answer
/// and 429 plus `Retry-After` when a limit is reached. The counts come from `ActivityBoard`, which
/// folds in the other ingest instances' submissions from the log.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = IngestRequestContext
    let board: ActivityBoard
    let limits: LimitsConfiguration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let key = try context.caller
        let kind: RequestKind = request.method == .post && Self.isSubmission(request.uri.path) ? .submission : .other
        let decision = board.admit(tenant: key.tenant, kind: kind, limits: limits.limits(for: key))
        let headers = Self.fields(decision.headers)
        if let error = decision.error {
            throw APIError(.tooManyRequests, error.code.rawValue, error.message, retryAfter: decision.retryAfterSeconds,
                           headers: headers)
        }
        do {
            var response = try await next(request, context)
            response.headers.append(contentsOf: headers)
            return response
        } catch var error as APIError {
            error.headers.append(contentsOf: headers)
            throw error
        }
    }

    static func isSubmission(_ path: String) -> Bool {
        path == "/v1/jobs" || path == "/v1/jobs/"
    }

    static func fields(_ headers: LimitHeaders) -> HTTPFields {
        var fields = HTTPFields()
        for field in headers.fields where field.name != LimitHeaders.retryAfterName {
            if let name = HTTPField.Name(field.name) { fields.append(HTTPField(name: name, value: field.value)) }
        }
        return fields
    }
}
