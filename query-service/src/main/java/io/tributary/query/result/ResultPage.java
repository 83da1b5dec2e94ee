package io.tributary.query.result;

import java.util.List;

import io.tributary.contract.WindowResult;
import org.jspecify.annotations.Nullable;

/**
 * One page of a key's results, oldest first.
 *
 * @param lastWindowStart the window start to continue after, or null when this is the last page
 */
record ResultPage(List<WindowResult> items, @Nullable Long lastWindowStart) {

	static final ResultPage EMPTY = new ResultPage(List.of(), null);

}
