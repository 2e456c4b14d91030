import Synchronization

/// Memory for `DeliveryBatch`es, kept between sends.
///
/// A batch of 10,000 job events needs ~11 MB for its bytes and reports. Allocated afresh for every
/// send, that block came from `mmap` (or, once glibc raised its threshold, from a heap that
/// `malloc_consolidate` walked first) and every page of it faulted on first touch: ~7% of the
/// producer's CPU. Kept here, the next send reuses the block with its pages already mapped.
///
/// The pool keeps at most `retainedBlocks` blocks and `retainedBytes` bytes; past that, the
/// smallest blocks are freed (the large ones are the expensive ones to make again), and a block
/// larger than `retainedBytes` is not kept at all. A send takes
/// the smallest block that fits, so a one-record send does not hold on to a batch-sized block.
final class DeliveryMemoryPool: Sendable {
    /// One allocation, 16-byte aligned.
    struct Block: @unchecked Sendable {
        let pointer: UnsafeMutableRawPointer
        let capacity: Int
    }

    /// The pool of every producer in the process: one set of kept blocks, whatever the number of
    /// producers.
    static let shared = DeliveryMemoryPool()

    let retainedBlocks: Int
    let retainedBytes: Int
    private let free = Mutex<[Block]>([])

    /// Default: 8 blocks, 64 MiB; a producer that sent nothing large keeps a few KiB.
    init(retainedBlocks: Int = 8, retainedBytes: Int = 64 << 20) {
        self.retainedBlocks = retainedBlocks
        self.retainedBytes = retainedBytes
    }

    deinit {
        free.withLock { blocks in
            for block in blocks { block.pointer.deallocate() }
        }
    }

    /// A block of at least `byteCount` bytes, kept or new. Its contents are undefined.
    func take(byteCount: Int) -> Block {
        let reused = free.withLock { blocks -> Block? in
            var best: Int?
            for index in blocks.indices where blocks[index].capacity >= byteCount {
                if best == nil || blocks[index].capacity < blocks[best!].capacity { best = index }
            }
            return best.map { blocks.remove(at: $0) }
        }
        if let reused { return reused }
        // Whole 4 KiB pages: sizes that differ by a few bytes (keys of other lengths) share blocks.
        let capacity = max(byteCount + 4095, 4096) & ~4095
        return Block(pointer: .allocate(byteCount: capacity, alignment: 16), capacity: capacity)
    }

    /// Returns a block no one uses any more.
    func give(_ block: Block) {
        guard block.capacity <= retainedBytes else {
            block.pointer.deallocate()
            return
        }
        let dropped = free.withLock { blocks -> [Block] in
            blocks.append(block)
            var total = blocks.reduce(0) { $0 + $1.capacity }
            var dropped: [Block] = []
            while blocks.count > retainedBlocks || total > retainedBytes {
                let smallest = blocks.indices.min { blocks[$0].capacity < blocks[$1].capacity }!
                total -= blocks[smallest].capacity
                dropped.append(blocks.remove(at: smallest))
            }
            return dropped
        }
        for block in dropped { block.pointer.deallocate() }
    }

    /// Blocks kept for reuse, smallest first (for tests).
    var keptCapacities: [Int] { free.withLock { $0.map(\.capacity).sorted() } }
}
