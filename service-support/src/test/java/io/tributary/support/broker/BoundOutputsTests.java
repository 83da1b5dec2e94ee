package io.tributary.support.broker;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.cloud.stream.binder.BinderHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class BoundOutputsTests {

	private final List<Message<?>> sent = new ArrayList<>();

	private final StaticListableBeanFactory beans = new StaticListableBeanFactory();

	private final BoundOutputs outputs = new BoundOutputs(this.beans);

	BoundOutputsTests() {
		MessageChannel channel = (message, timeout) -> this.sent.add(message);
		this.beans.addBean("keyed-out-0", channel);
	}

	@Test
	void sendsTheMessageAsItIsToTheBindingsChannel() {
		Message<byte[]> message = MessageBuilder.withPayload("{}".getBytes()).setHeader("a", 1).build();

		assertThat(this.outputs.send("keyed-out-0", message)).isTrue();

		assertThat(this.sent).containsExactly(message);
	}

	@Test
	void aPartitionIsTheHeaderTheBindersRouteBy() {
		this.outputs.send("keyed-out-0", MessageBuilder.withPayload("{}".getBytes()).setHeader("a", 1).build(), 5);

		assertThat(this.sent).singleElement().satisfies((m) -> {
			assertThat(m.getHeaders()).containsEntry(BinderHeaders.PARTITION_HEADER, 5).containsEntry("a", 1);
			assertThat(new String((byte[]) m.getPayload())).isEqualTo("{}");
		});
	}

	@Test
	void anUndeclaredBindingIsAClearError() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.outputs.send("results-out-0", MessageBuilder.withPayload(new byte[0]).build()))
			.withMessage("No output binding 'results-out-0': list it in spring.cloud.stream.output-bindings");
	}

}
