import Foundation
import KomfyEvents

/// Checks one node's inputs against its class definition, as ComfyUI's `validate_inputs` does, plus
/// what Komfy adds: model URLs and names, input file names, and the plan's limits.
///
/// Inputs are checked in the engine's order; each input reports at most one issue (the first rule it
/// breaks, in ComfyUI's order: link, type, minimum, maximum, list). Plan limits are checked only on
/// inputs the engine accepts, so a value is never reported twice.
struct NodeInputCheck {
    let graph: PromptGraph
    let catalog: NodeCatalog
    let rules: ValidationRules

    struct Findings {
        var issues: [CatalogIssue] = []
        var modelRefs: [ModelReference] = []
    }

    func check(_ position: Int, _ definition: NodeDefinition) -> Findings {
        let id = graph.ids[position]
        let inputs = graph.inputs[position]
        var result = Findings()
        var accepted: [String: JSONValue] = [:]
        for input in definition.inputs {
            guard var value = inputs[input.name] else {
                if input.isRequired { result.issues.append(.requiredInputMissing(id, input)) }
                continue
            }
            // ComfyUI unwraps {"__value__": x}: the way to pass a list as a plain value.
            if case .object(let wrapper) = value, let inner = wrapper["__value__"] { value = inner }
            else if case .array = value {
                if let issue = checkLink(id, input, value) { result.issues.append(issue) }
                continue
            }
            switch checkValue(id, input, value, refs: &result.modelRefs) {
            case .rejected(let issue): result.issues.append(issue)
            case .accepted(let converted): accepted[input.name] = converted
            }
        }
        result.issues += limitIssues(id, definition, accepted)
        return result
    }

    // MARK: Links

    private func checkLink(_ id: String, _ input: InputDefinition, _ value: JSONValue) -> CatalogIssue? {
        guard case .link(let targetID, let outputIndex) = InputValue(value),
              let target = graph.positionOf[targetID]
        else { return .badLinkedInput(id, input, value: value) }
        let targetClass = graph.classTypes[target]
        guard let targetDefinition = catalog.definition(of: targetClass) else { return nil }
        guard outputIndex < UInt64(targetDefinition.outputs.count) else {
            return .badOutputIndex(
                id, input, link: value, target: targetID, targetClass: targetClass, outputIndex: outputIndex,
                outputCount: targetDefinition.outputs.count
            )
        }
        let received = targetDefinition.outputs[Int(outputIndex)].type
        guard Self.accepts(received: received, expected: input.type.name) else {
            return .returnTypeMismatch(
                id, input, link: value, received: received, target: targetID, targetClass: targetClass,
                outputIndex: outputIndex
            )
        }
        return nil
    }

    /// ComfyUI's rule (`validate_node_input` and the `*` of its node API): equal types, `*` on
    /// either side, or comma-separated alternatives that share one type.
    static func accepts(received: String, expected: String) -> Bool {
        if received == expected || received == "*" || expected == "*" { return true }
        guard received.contains(",") || expected.contains(",") else { return false }
        let receivedTypes = Set(received.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        return expected.split(separator: ",").contains { receivedTypes.contains($0.trimmingCharacters(in: .whitespaces)) }
    }

    // MARK: Values

    private func checkValue(
        _ id: String, _ input: InputDefinition, _ value: JSONValue, refs: inout [ModelReference]
    ) -> ValueCheck {
        switch input.type {
        case .int, .float:
            guard let number = input.type == .int ? WidgetValue.int(value) : WidgetValue.float(value) else {
                return .rejected(.invalidInputType(id, input, value: value))
            }
            if let minimum = input.min, WidgetValue.isBelow(number, minimum) {
                return .rejected(.valueSmallerThanMin(id, input, value: number))
            }
            if let maximum = input.max, WidgetValue.isAbove(number, maximum) {
                return .rejected(.valueBiggerThanMax(id, input, value: number))
            }
            return .accepted(number)
        case .string, .boolean:
            return .accepted(value)
        case .combo(let choices):
            if let folder = input.modelFolder {
                return ModelInputCheck(rules: rules).check(id, input, value, folder: folder, choices: choices ?? [], refs: &refs)
            }
            if input.isInputFile {
                return InputFileName.isInsideFolder(value) ? .accepted(value) : .rejected(.inputFileOutsideFolder(id, input, value: value))
            }
            // An empty list is one the engine fills from its disk (a file list nobody mapped): what
            // one engine lacks another may have, so it is not held against the workflow.
            guard let choices, !choices.isEmpty, !choices.contains(where: { Self.same(value, $0) }) else {
                return .accepted(value)
            }
            let suggestion = value.stringValue.flatMap { ClosestName.match(for: $0, among: choices.compactMap(\.stringValue)) }
            return .rejected(.valueNotInList(id, input, value: value, choices: choices, suggestion: suggestion))
        case .link(let type):
            if catalog.linkTypes.contains(type) { return .rejected(.linkExpected(id, input, value: value)) }
            return .accepted(value)
        }
    }

    /// Python's `==` between a value and a choice: numbers compare by value (`5 == 5.0`).
    static func same(_ value: JSONValue, _ choice: JSONValue) -> Bool {
        if value == choice { return true }
        guard let left = value.doubleValue, let right = choice.doubleValue else { return false }
        if case .bool = value { return false }
        return left == right
    }

    // MARK: Plan limits

    private func limitIssues(_ id: String, _ definition: NodeDefinition, _ accepted: [String: JSONValue]) -> [CatalogIssue] {
        let limits = rules.limits
        var issues: [CatalogIssue] = []
        for input in definition.inputs where input.type == .int {
            guard let value = accepted[input.name] else { continue }
            switch input.name {
            case "steps" where WidgetValue.isAbove(value, Double(limits.maxSteps)):
                issues.append(.stepsOverLimit(id, input, value: value, limit: limits.maxSteps))
            case "batch_size" where WidgetValue.isAbove(value, Double(limits.maxBatchSize)):
                issues.append(.batchOverLimit(id, input, value: value, limit: limits.maxBatchSize))
            default: break
            }
        }
        if definition.input(named: "width")?.type == .int, definition.input(named: "height")?.type == .int,
           let width = accepted["width"]?.intValue, let height = accepted["height"]?.intValue {
            let pixels = width.multipliedReportingOverflow(by: height)
            if pixels.overflow || pixels.partialValue > limits.maxPixels {
                issues.append(.pixelsOverLimit(id, width: width, height: height, limit: limits.maxPixels))
            }
        }
        return issues
    }
}

/// Names of files in an input folder: what `LoadImage` and its kind may be given.
enum InputFileName {
    /// Whether a name stays inside its folder: not absolute, no `..` step, no backslash or NUL. The
    /// executor joins it to the input store's path, so anything else could read another file.
    static func isInsideFolder(_ value: JSONValue) -> Bool {
        guard case .string(let name) = value else { return true }
        if name.hasPrefix("/") || name.contains("\\") || name.contains("\u{0}") { return false }
        // ComfyUI's annotated names ("photo.png [input]") are plain names too.
        return !name.split(separator: "/", omittingEmptySubsequences: false).contains("..")
    }
}

/// The outcome of checking one input's value: the value as the engine reads it, or the issue.
enum ValueCheck {
    case accepted(JSONValue)
    case rejected(CatalogIssue)
}
