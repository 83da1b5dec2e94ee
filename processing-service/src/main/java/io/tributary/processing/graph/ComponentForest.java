package io.tributary.processing.graph;

import java.util.Arrays;

/**
 * The connected components of a graph's nodes (numbered from 0 in the order they appeared), as a
 * union-find forest: union by size with path halving, so a run of unions and finds is nearly linear.
 * Each root knows its component's size and smallest node name, which names the component whatever
 * order the edges came in.
 */
final class ComponentForest {

	private int[] parent = new int[16];

	private int[] size = new int[16];

	/** Per root: the smallest node name of its component. */
	private String[] id = new String[16];

	private int count;

	private int components;

	/** A node of its own component; returns its number. */
	int add(String name) {
		if (this.count == this.parent.length) {
			int capacity = this.count * 2;
			this.parent = Arrays.copyOf(this.parent, capacity);
			this.size = Arrays.copyOf(this.size, capacity);
			this.id = Arrays.copyOf(this.id, capacity);
		}
		int node = this.count++;
		this.parent[node] = node;
		this.size[node] = 1;
		this.id[node] = name;
		this.components++;
		return node;
	}

	int find(int node) {
		int x = node;
		while (this.parent[x] != x) {
			this.parent[x] = this.parent[this.parent[x]];
			x = this.parent[x];
		}
		return x;
	}

	/** Joins the components of two nodes; false when they were one already. */
	boolean union(int a, int b) {
		int ra = find(a);
		int rb = find(b);
		if (ra == rb) {
			return false;
		}
		if (this.size[ra] < this.size[rb]) {
			int t = ra;
			ra = rb;
			rb = t;
		}
		this.parent[rb] = ra;
		this.size[ra] += this.size[rb];
		if (this.id[rb].compareTo(this.id[ra]) < 0) {
			this.id[ra] = this.id[rb];
		}
		this.components--;
		return true;
	}

	/** The size of the node's component. */
	int sizeOf(int node) {
		return this.size[find(node)];
	}

	/** The smallest node name of the node's component: its id. */
	String idOf(int node) {
		return this.id[find(node)];
	}

	int components() {
		return this.components;
	}

}
