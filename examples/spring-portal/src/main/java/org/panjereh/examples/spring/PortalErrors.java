package org.panjereh.examples.spring;

import jakarta.servlet.http.HttpServletRequest;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.Refusals;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

/** The platform out of reach: a Persian page with an error id, never a stack trace. */
@ControllerAdvice
public class PortalErrors {

    /** Created by Spring. */
    public PortalErrors() {
    }

    @ExceptionHandler(PanjerehException.class)
    @ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
    String platform(PanjerehException e, HttpServletRequest req, Model model) {
        model.addAttribute("message", e.persianMessage());
        model.addAttribute("errorId", Refusals.log(503, "portal.platform", req.getMethod(), req.getRequestURI(), e));
        return "problem";
    }
}
