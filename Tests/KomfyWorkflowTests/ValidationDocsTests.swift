import Foundation
import KomfyEvents
import KomfyWorkflow
import Testing

/// docs/validation.md lists every structural issue code with an example message; the examples are
/// the checker's real output for the prompts below, so page and code cannot drift apart.
@Suite("docs/validation.md: the structural check table")
struct ValidationDocsTests {
    static let examplePrompts: [StructureIssue.Code: JSONValue] = [
        .invalidPrompt: [Prompts.seed],
        .uiFormatWorkflow: ["nodes": [], "links": [], "version": 0.4],
        .invalidNode: Prompts.seed(replacing: "4", with: ["inputs": ["width": 8]]),
        .invalidNodeConnection: Prompts.seed(node: "2", input: "clip", [1, 1]),
        .missingNode: Prompts.seed(node: "6", input: "vae", ["9", 2]),
        .badOutputIndex: Prompts.seed(node: "6", input: "vae", ["1", 3]),
        .dependencyCycle: Prompts.seed(node: "2", input: "clip", ["6", 0]),
        .promptNoOutputs: Prompts.seed(replacing: "7", with: nil),
    ]

    /// The rows of the table under "Structural checks": (code, example message), backticks removed.
    static func documentedRows() throws -> [(code: String, message: String)] {
        let text = try page()
        let section = try #require(text.components(separatedBy: "## Structural checks (at submit time)").last?
            .components(separatedBy: "\n## ").first)
        return section.split(separator: "\n").compactMap { line in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard cells.count == 5, cells[1].hasPrefix("`"), cells[3].hasPrefix("`") else { return nil }
            return (String(cells[1].dropFirst().dropLast()), String(cells[3].dropFirst().dropLast()))
        }
    }

    @Test("Every code has one row, in declaration order, and its example is the checker's message")
    func tableMatchesChecker() throws {
        let rows = try Self.documentedRows()
        #expect(rows.map(\.code) == StructureIssue.Code.allCases.map(\.rawValue))
        for row in rows {
            let code = try #require(StructureIssue.Code(rawValue: row.code))
            let prompt = try #require(Self.examplePrompts[code])
            let report = WorkflowStructure.check(prompt)
            #expect(report.issues.map(\.code) == [code], "\(row.code)")
            #expect(report.issues.first?.message == row.message, "\(row.code)")
        }
    }

    @Test("The page also has the validator's heading")
    func catalogHeading() throws {
        #expect(try Self.page().contains("\n## Catalog checks (validator)\n"))
    }

    static func page() throws -> String {
        let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return try String(contentsOf: repoRoot.appending(path: "docs/validation.md"), encoding: .utf8)
    }
}
