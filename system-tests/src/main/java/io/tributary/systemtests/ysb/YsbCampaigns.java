package io.tributary.systemtests.ysb;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The campaigns of a run and their ads: the ad to campaign lookup table that the YSB job enriches
 * events with. Ids are UUIDs as in the original benchmark, prefixed so that runs and tests that share
 * a pipeline never share a key.
 */
public record YsbCampaigns(List<String> campaignIds, Map<String, String> adToCampaign) {

	/** The original benchmark uses ten ads per campaign. */
	public static final int ADS_PER_CAMPAIGN = 10;

	public YsbCampaigns {
		campaignIds = List.copyOf(campaignIds);
		adToCampaign = Collections.unmodifiableMap(new LinkedHashMap<>(adToCampaign));
	}

	public static YsbCampaigns generate(long seed, int campaigns, String prefix) {
		if (campaigns <= 0) {
			throw new IllegalArgumentException("campaigns must be > 0");
		}
		Random random = new Random(seed);
		List<String> ids = new ArrayList<>();
		Map<String, String> ads = new LinkedHashMap<>();
		for (int c = 0; c < campaigns; c++) {
			String campaign = prefix + uuid(random);
			ids.add(campaign);
			for (int a = 0; a < ADS_PER_CAMPAIGN; a++) {
				ads.put(uuid(random), campaign);
			}
		}
		return new YsbCampaigns(ids, ads);
	}

	/** The ad ids, in a stable order. */
	public List<String> adIds() {
		return List.copyOf(this.adToCampaign.keySet());
	}

	public List<String> adsOf(String campaign) {
		return this.adToCampaign.entrySet().stream().filter((e) -> e.getValue().equals(campaign))
			.map(Map.Entry::getKey).toList();
	}

	/** The lookup table as the ingestion API takes it: ad id to campaign id. */
	public Map<String, Object> lookupTable() {
		return new LinkedHashMap<>(this.adToCampaign);
	}

	static String uuid(Random random) {
		return new UUID(random.nextLong(), random.nextLong()).toString();
	}

}
