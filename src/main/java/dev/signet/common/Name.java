package dev.signet.common;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A human-readable name (of a team, workflow, key, or a member's user id): not blank, at most {@link #max}
 * characters, and every character visible ({@link Text#visible}). The one rule for all such names.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Constraint(validatedBy = Name.Validator.class)
public @interface Name {

    int max();

    String message() default "must be a visible name";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<Name, String> {

        private int max;

        @Override
        public void initialize(Name name) {
            this.max = name.max();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            String problem = Text.nameProblem(value, max);
            if (problem == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
            return false;
        }
    }
}
