package io.tributary.support.tomcat;

import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Applies the services' container rules to Tomcat: its error reports become problem details
 * ({@link ProblemReportValve} in place of the HTML {@link ErrorReportValve}); an encoded {@code %2F}
 * in a path reaches Spring MVC, which decodes it inside a path variable (keys are user data and may
 * contain '/'; {@code /keys/a%2Fb/latest} names the key {@code a/b}); a client that announced a body
 * gets no "100 Continue" unless the service reads it; a 408 closes the connection at once; a request
 * line and headers must arrive whole within {@code tributary.http.header-read-timeout}
 * ({@link HeaderDeadlineProtocol}).
 */
class TomcatHardening implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

	private final TomcatHttpProperties properties;

	TomcatHardening(TomcatHttpProperties properties) {
		this.properties = properties;
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.setProtocol(HeaderDeadlineProtocol.class.getName());
		factory.addConnectorCustomizers((connector) -> {
			if (connector.getProtocolHandler() instanceof HeaderDeadlineProtocol protocol) {
				protocol.setHeaderReadTimeout(this.properties.headerReadTimeout());
			}
			connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
			// "100 Continue" only once the application reads the body: a body refused by its announced
			// length is never sent (Tomcat's default answers 100 before the application sees the request)
			connector.setProperty("continueResponseTiming", "onRead");
		});
		factory.addContextValves(new NoSwallowAfterTimeoutValve());
		// Boot adds its own ErrorReportValve to the host in a context customizer; the swap waits until
		// the context starts, when the host's valves are all in place whatever the customizers' order
		factory.addContextCustomizers((context) -> context.addLifecycleListener((event) -> {
			if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
				useProblemReports(context);
			}
		}));
	}

	/** After Boot's own Tomcat customizer, whose settings this complements. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	static void useProblemReports(Context context) {
		Container host = context.getParent();
		if (host == null) {
			return;
		}
		Pipeline pipeline = host.getPipeline();
		boolean present = false;
		for (Valve valve : pipeline.getValves()) {
			if (valve instanceof ProblemReportValve) {
				present = true;
			}
			else if (valve instanceof ErrorReportValve) {
				pipeline.removeValve(valve);
			}
		}
		if (!present) {
			pipeline.addValve(new ProblemReportValve());
		}
		if (host instanceof StandardHost standardHost) {
			// the host adds an instance of this class when it starts unless one is there already
			standardHost.setErrorReportValveClass(ProblemReportValve.class.getName());
		}
	}

}
