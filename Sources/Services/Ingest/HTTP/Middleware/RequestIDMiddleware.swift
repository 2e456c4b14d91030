import Foundation
import HTTPTypes
import Hummingbird
import KomfyEvents

/// Gives every request an id (the client's `X-Request-ID` if it is short and printable) and echoes
/// it in the response, so a user can quote it and an operator can find the log lines.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = IngestRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.requestID = Self.sanitized(request.headers[.requestID]) ?? "req_" + RandomUUID.make().lowercasedString
        var response = try await next(request, context)
        response.headers[.requestID] = context.requestID
        return response
    }

    static func sanitized(_ value: String?) -> String? {
        guard let value, !value.isEmpty, value.utf8.count <= 128,
              value.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F }) else { return nil }
        return value
    }
}

extension HTTPField.Name {
    static let requestID = HTTPField.Name("X-Request-ID")!
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let lastEventID = HTTPField.Name("Last-Event-ID")!
}
