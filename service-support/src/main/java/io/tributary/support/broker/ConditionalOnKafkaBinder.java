package io.tributary.support.broker;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/** Beans only for the Kafka binder (Spring profile {@code kafka}); see {@link BinderChoice}. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@ConditionalOnProperty(name = BinderChoice.PROPERTY, havingValue = "kafka")
public @interface ConditionalOnKafkaBinder {

}
