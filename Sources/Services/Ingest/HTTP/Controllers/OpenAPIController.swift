import Foundation
import Hummingbird

/// `/openapi.json`: the API as an OpenAPI 3.1 document (docs/openapi.json), for client generators and
/// for people who got a 404 (its message points here). No authentication.
struct OpenAPIController: Sendable {
    func register(on router: Router<IngestRequestContext>, routes: RouteTable) {
        routes.add(.get, "/openapi.json")
        router.get("/openapi.json") { _, _ in
            JSONResponse.make(json: Self.document)
        }
    }

    private static let document = Data(OpenAPIDocument.json.utf8)
}
