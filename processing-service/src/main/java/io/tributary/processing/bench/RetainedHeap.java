package io.tributary.processing.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The heap still reachable, as the memory benchmark reads it: used heap after full collections
 * ({@code System.gc()}, several, until the figure settles), so garbage is not counted.
 */
final class RetainedHeap {

	private static final int MAX_COLLECTIONS = 6;

	private RetainedHeap() {
	}

	/** Bytes of heap in use after forced full collections. */
	static long bytes() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long previous = Long.MAX_VALUE;
		long used = 0;
		for (int i = 0; i < MAX_COLLECTIONS; i++) {
			System.gc();
			used = memory.getHeapMemoryUsage().getUsed();
			// a collection that frees under 64 KiB more: what is left is reachable
			if (previous - used < 64 * 1024) {
				break;
			}
			previous = used;
		}
		return used;
	}

}
