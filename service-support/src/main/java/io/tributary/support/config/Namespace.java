package io.tributary.support.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * The check of {@code tributary.namespace}, the prefix of every exchange, queue, topic and Redis key
 * of an installation, the same in all four services: a name that is safe in all of them (no Redis
 * hash-tag braces, no whitespace, no separators of their own).
 */
@Documented
@Constraint(validatedBy = {})
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@NotBlank
@Pattern(regexp = Namespace.PATTERN, message = Namespace.RULE)
public @interface Namespace {

	/** Letters, digits, '.', '_' and '-', starting with a letter or digit. */
	String PATTERN = "[A-Za-z0-9][A-Za-z0-9_.-]*";

	/** What a violation says. */
	String RULE = "must be letters, digits, '.', '_' or '-'";

	String message() default RULE;

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
