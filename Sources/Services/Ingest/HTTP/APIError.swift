import Foundation
import HTTPTypes
import Hummingbird
import KomfyEvents

/// An error the API answers with, in cmfy.cloud's envelope:
/// `{"error": {"code", "message", "details", "retry_after", "request_id"}}`.
///
/// Handlers throw it; `ErrorEnvelopeMiddleware` renders it (and every other error) so that no
/// response, not even a 404 or a 500, leaves without the envelope and the request id.
struct APIError: Error, Sendable {
    var status: HTTPResponse.Status
    /// Stable, snake_case, documented in docs/api.md.
    var code: String
    /// One line that says what to do next.
    var message: String
    var details: JSONValue?
    /// Seconds; also sent as `Retry-After`.
    var retryAfter: Int?
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String, details: JSONValue? = nil,
         retryAfter: Int? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.retryAfter = retryAfter
        self.headers = headers
    }

    func response(requestID: String) -> Response {
        struct Envelope: Encodable {
            struct Body: Encodable {
                var code: String
                var message: String
                var details: JSONValue?
                var retryAfter: Int?
                var requestID: String

                enum CodingKeys: String, CodingKey {
                    case code, message, details
                    case retryAfter = "retry_after"
                    case requestID = "request_id"
                }

                // Always present, null when unknown: clients may read the keys without checking.
                func encode(to encoder: any Encoder) throws {
                    var container = encoder.container(keyedBy: CodingKeys.self)
                    try container.encode(code, forKey: .code)
                    try container.encode(message, forKey: .message)
                    try container.encode(details, forKey: .details)
                    try container.encode(retryAfter, forKey: .retryAfter)
                    try container.encode(requestID, forKey: .requestID)
                }
            }
            var error: Body
        }
        var headers = headers
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        let body = Envelope(error: .init(code: code, message: message, details: details, retryAfter: retryAfter,
                                         requestID: requestID))
        return JSONResponse.make(status: status, body: body, headers: headers)
    }
}

extension APIError {
    static func jobNotFound(_ id: String) -> APIError {
        APIError(.notFound, "job_not_found", "No job \(id) for this API key's tenant. Check the id returned by POST /v1/jobs.")
    }
}

/// JSON responses, encoded the same way everywhere.
enum JSONResponse {
    static func make(status: HTTPResponse.Status = .ok, body: some Encodable, headers: HTTPFields = [:]) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data = (try? encoder.encode(body)) ?? Data("{}".utf8)
        return make(status: status, json: data, headers: headers)
    }

    static func make(status: HTTPResponse.Status = .ok, json data: Data, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
