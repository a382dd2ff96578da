/// A C structure handed to libgit2 (an object-database backend, a pack writer), allocated with a
/// reference to its Swift state stored right after it: libgit2 hands back only the structure's
/// address, from which `state(of:)` finds the state again.
enum CallbackStructure<Structure, State: AnyObject> {
    private static var stride: Int { MemoryLayout<Structure>.stride }
    private static var alignment: Int {
        max(MemoryLayout<Structure>.alignment, MemoryLayout<UnsafeRawPointer>.alignment)
    }

    /// `structure` in memory of its own, followed by a retained reference to `state`.
    static func allocate(_ structure: Structure, state: State) -> UnsafeMutablePointer<Structure> {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: stride + MemoryLayout<UnsafeRawPointer>.stride,
                                                   alignment: alignment)
        let pointer = raw.bindMemory(to: Structure.self, capacity: 1)
        pointer.initialize(to: structure)
        (raw + stride).storeBytes(of: Unmanaged.passRetained(state).toOpaque(), as: UnsafeMutableRawPointer.self)
        return pointer
    }

    /// The state stored with the structure at `pointer`.
    static func state(of pointer: UnsafeMutablePointer<Structure>) -> State {
        let opaque = (UnsafeMutableRawPointer(pointer) + stride).load(as: UnsafeMutableRawPointer.self)
        return Unmanaged<State>.fromOpaque(opaque).takeUnretainedValue()
    }

    /// Releases the state and frees the structure: the end of what `allocate` made.
    static func free(_ pointer: UnsafeMutablePointer<Structure>) {
        let raw = UnsafeMutableRawPointer(pointer)
        Unmanaged<State>.fromOpaque((raw + stride).load(as: UnsafeMutableRawPointer.self)).release()
        pointer.deinitialize(count: 1)
        raw.deallocate()
    }
}
