/// Finds dependency cycles in a graph of nodes numbered `0..<count`: one cycle per strongly connected
/// component that has one, in time linear in nodes plus links, and without recursion so that a
/// prompt of any size cannot overflow the stack.
///
/// One cycle per component keeps the report short and free of repeats: cycles that share nodes are
/// one tangle, and the one named (the shortest through the component's lowest node) is a fine place
/// to start untangling it. Fixing it reveals the next one, if any.
enum CycleFinder {
    struct Cycle: Equatable {
        /// The nodes in link order, starting at the lowest-numbered node of the component: each takes
        /// an input from the next, the last from the first.
        var nodes: [Int]
        /// `links[k]` is the position in `dependencies[nodes[k]]` of the link to the next node.
        var links: [Int]
    }

    /// `dependencies[n]` lists the nodes that node `n` takes inputs from, in a fixed order; the
    /// cycles come back ordered by their first node.
    static func cycles(in dependencies: [[Int]]) -> [Cycle] {
        let components = tangledComponents(of: dependencies)
        guard !components.tangled.isEmpty else { return [] }
        var search = ShortestCycleSearch(dependencies: dependencies, componentOf: components.componentOf)
        return components.tangled
            .map { search.shortestCycle(through: $0.lowestNode, within: $0.component) }
            .sorted { $0.nodes[0] < $1.nodes[0] }
    }

    /// Tarjan's algorithm with an explicit stack of frames in place of recursion. Returns every
    /// node's component and the components that hold a cycle: more than one node, or one node that
    /// links to itself.
    private static func tangledComponents(
        of dependencies: [[Int]]
    ) -> (componentOf: [Int], tangled: [(component: Int, lowestNode: Int)]) {
        let count = dependencies.count
        let undiscovered = -1
        var discovery = [Int](repeating: undiscovered, count: count)
        var lowLink = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count)
        var componentOf = [Int](repeating: -1, count: count)
        var stack: [Int] = []
        var frames: [(node: Int, nextLink: Int)] = []
        var tangled: [(component: Int, lowestNode: Int)] = []
        var discovered = 0
        var componentCount = 0

        func discover(_ node: Int) {
            discovery[node] = discovered
            lowLink[node] = discovered
            discovered += 1
            stack.append(node)
            onStack[node] = true
            frames.append((node, 0))
        }

        for root in 0..<count where discovery[root] == undiscovered {
            discover(root)
            while let frame = frames.last {
                let node = frame.node
                if frame.nextLink < dependencies[node].count {
                    frames[frames.count - 1].nextLink += 1
                    let next = dependencies[node][frame.nextLink]
                    if discovery[next] == undiscovered {
                        discover(next)
                    } else if onStack[next] {
                        lowLink[node] = min(lowLink[node], discovery[next])
                    }
                    continue
                }
                frames.removeLast()
                if let parent = frames.last?.node { lowLink[parent] = min(lowLink[parent], lowLink[node]) }
                guard lowLink[node] == discovery[node] else { continue }

                var lowestNode = node
                var size = 0
                while let member = stack.popLast() {
                    onStack[member] = false
                    componentOf[member] = componentCount
                    lowestNode = min(lowestNode, member)
                    size += 1
                    if member == node { break }
                }
                if size > 1 || dependencies[node].contains(node) {
                    tangled.append((componentCount, lowestNode))
                }
                componentCount += 1
            }
        }
        return (componentOf, tangled)
    }
}

/// Breadth-first search for the shortest way from a node back to itself inside its component. The
/// bookkeeping arrays are shared between searches and reset only where a search touched them, so
/// all searches together stay linear.
private struct ShortestCycleSearch {
    let dependencies: [[Int]]
    let componentOf: [Int]
    private var reachedFrom: [Int]
    private var reachedByLink: [Int]
    private var touched: [Int] = []
    private var queue: [Int] = []

    init(dependencies: [[Int]], componentOf: [Int]) {
        self.dependencies = dependencies
        self.componentOf = componentOf
        reachedFrom = [Int](repeating: -1, count: dependencies.count)
        reachedByLink = [Int](repeating: -1, count: dependencies.count)
    }

    mutating func shortestCycle(through start: Int, within component: Int) -> CycleFinder.Cycle {
        defer { reset() }
        queue.append(start)
        reachedFrom[start] = start
        touched.append(start)
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for (position, next) in dependencies[node].enumerated() where componentOf[next] == component {
                if next == start { return cycle(from: start, closedBy: position, at: node) }
                if reachedFrom[next] == -1 {
                    reachedFrom[next] = node
                    reachedByLink[next] = position
                    touched.append(next)
                    queue.append(next)
                }
            }
        }
        // Every node of a strongly connected component reaches every other, so the loop returns.
        preconditionFailure("no way back to node \(start) inside its own component")
    }

    private func cycle(from start: Int, closedBy closingLink: Int, at last: Int) -> CycleFinder.Cycle {
        var reversed: [Int] = []
        var node = last
        while node != start {
            reversed.append(node)
            node = reachedFrom[node]
        }
        let nodes = [start] + reversed.reversed()
        let links = nodes.dropFirst().map { reachedByLink[$0] } + [closingLink]
        return CycleFinder.Cycle(nodes: nodes, links: links)
    }

    private mutating func reset() {
        for node in touched {
            reachedFrom[node] = -1
            reachedByLink[node] = -1
        }
        touched.removeAll(keepingCapacity: true)
        queue.removeAll(keepingCapacity: true)
    }
}
