import KomfyEvents

/// Decides whether a workflow can run on the engines of a node catalog, and what it needs to run:
/// the validator service's whole logic, pure, so it is tested without a broker.
///
/// The order follows ComfyUI's `validate_prompt`, with Komfy's own rules added:
/// 1. `WorkflowStructure.check` (the checks ingest ran at submit time); any issue rejects, except its
///    `prompt_no_outputs`, which step 4 decides with the catalog's output nodes.
/// 2. The plan's node count.
/// 3. Every node's class must be in the catalog (`missing_node_type`), wherever it is.
/// 4. At least one node must be an output node of the catalog (`prompt_no_outputs`).
/// 5. The nodes the outputs depend on (and only those: ComfyUI never runs or checks the others) get
///    their inputs checked: links and their types, values against types, bounds and lists, model
///    URLs and names, input file names, and the plan's limits.
///
/// A rejection reports every problem found in the failing step, in node id order.
public enum WorkflowValidator {
    public static func validate(_ prompt: JSONValue, catalog: NodeCatalog, rules: ValidationRules) -> WorkflowVerdict {
        // The structural check judges output nodes by the core table alone; here the catalog decides.
        let structural = WorkflowStructure.check(prompt).issues.filter { $0.code != .promptNoOutputs }
        guard structural.isEmpty, case .object(let nodes) = prompt else {
            return .rejected(Rejection.structural(structural, prompt: prompt))
        }
        if nodes.count > rules.limits.maxNodes {
            return .rejected(Rejection(issues: [.nodesOverLimit(count: nodes.count, limit: rules.limits.maxNodes)]).error)
        }

        let graph = PromptGraph(nodes: nodes)
        var definitions: [NodeDefinition] = []
        definitions.reserveCapacity(graph.count)
        var unknown: [CatalogIssue] = []
        for (position, classType) in graph.classTypes.enumerated() {
            if let definition = catalog.definition(of: classType) {
                definitions.append(definition)
            } else {
                let suggestion = ClosestName.match(for: classType, among: catalog.classTypes)
                unknown.append(.unknownClass(graph.ids[position], classType: classType, suggestion: suggestion))
            }
        }
        guard unknown.isEmpty else { return .rejected(Rejection(issues: unknown, graph: graph).error) }

        let outputs = definitions.indices.filter { definitions[$0].isOutputNode }
        guard !outputs.isEmpty else { return .rejected(Rejection(issues: [.promptNoOutputs]).error) }

        let check = NodeInputCheck(graph: graph, catalog: catalog, rules: rules)
        var issues: [CatalogIssue] = []
        var modelRefs: [ModelReference] = []
        for (position, runs) in graph.ancestors(of: outputs).enumerated() where runs {
            let result = check.check(position, definitions[position])
            issues += result.issues
            modelRefs += result.modelRefs
        }
        guard issues.isEmpty else {
            return .rejected(Rejection(issues: issues, graph: graph, outputs: outputs).error)
        }
        return .valid(
            ValidatedWorkflow(
                modelRefs: modelRefs,
                outputNodes: outputs.map { graph.ids[$0] },
                classTypes: Set(graph.classTypes).sorted()
            )
        )
    }
}
