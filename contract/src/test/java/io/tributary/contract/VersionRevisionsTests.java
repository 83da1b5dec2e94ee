package io.tributary.contract;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The revision ranges of pipeline versions, against numbers worked out by hand (2^32 = 4294967296). */
class VersionRevisionsTests {

	@Test
	void versionOneCountsFromZeroAndEachLaterVersionFromTwoToThe32TimesItsPredecessorCount() {
		assertThat(VersionRevisions.base(1)).isZero();
		assertThat(VersionRevisions.base(2)).isEqualTo(4_294_967_296L);
		assertThat(VersionRevisions.base(5)).isEqualTo(17_179_869_184L);
	}

	@Test
	void aRevisionBelongsToTheVersionWhoseRangeHoldsIt() {
		assertThat(VersionRevisions.versionOf(1)).isEqualTo(1);
		assertThat(VersionRevisions.versionOf(4_294_967_296L)).isEqualTo(1);
		assertThat(VersionRevisions.versionOf(4_294_967_297L)).isEqualTo(2);
		assertThat(VersionRevisions.versionOf(17_179_869_185L)).isEqualTo(5);
	}

	@Test
	void noRevisionReadsAsTheFirstVersion() {
		assertThat(VersionRevisions.versionOf(0)).isEqualTo(1);
	}

	@Test
	void aVersionBelowOneHasNoRange() {
		assertThatIllegalArgumentException().isThrownBy(() -> VersionRevisions.base(0));
	}

}
