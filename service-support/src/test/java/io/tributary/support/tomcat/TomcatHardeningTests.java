package io.tributary.support.tomcat;

import org.apache.catalina.Context;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Tomcat's own error report is replaced, once, and what replaces it is a problem that echoes nothing. */
class TomcatHardeningTests {

	@Test
	void theHostsHtmlReportIsReplacedByTheProblemReportOnce() {
		StandardHost host = new StandardHost();
		Context context = new StandardContext();
		context.setName("");
		context.setPath("");
		host.addChild(context);
		// as Boot's own customizer leaves it
		host.getPipeline().addValve(new ErrorReportValve());

		TomcatHardening.useProblemReports(context);
		TomcatHardening.useProblemReports(context);

		Valve[] valves = host.getPipeline().getValves();
		assertThat(valves).filteredOn(ErrorReportValve.class::isInstance).singleElement()
			.isInstanceOf(ProblemReportValve.class);
		assertThat(host.getErrorReportValveClass()).isEqualTo(ProblemReportValve.class.getName());
	}

	@Test
	void theReportIsAProblemWithAFixedDetail() {
		JsonNode problem = JsonMapper.builder().build().readTree(ProblemReportValve.body(400));

		assertThat(problem.path("type").asString()).isEqualTo("https://tributary.io/problems/rejected-request");
		assertThat(problem.path("title").asString()).isEqualTo("Bad Request");
		assertThat(problem.path("status").asInt()).isEqualTo(400);
		assertThat(problem.path("detail").asString()).startsWith("The request was refused before it reached");
		assertThat(JsonMapper.builder().build().readTree(ProblemReportValve.body(431)).path("title").asString())
			.isEqualTo("Request Header Fields Too Large");
		assertThat(JsonMapper.builder().build().readTree(ProblemReportValve.body(499)).path("title").asString())
			.isEqualTo("Error");
	}

}
