package org.panjereh.examples.war;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.panjereh.sso.Citizen;
import org.panjereh.sso.NationalLogin;
import org.panjereh.sso.NationalLoginFilter;

/** «پنجرهٔ من»: who is logged in, the link back to the national window, and logout. */
@WebServlet("/my")
public class MyPage extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Created by the container. */
    public MyPage() {
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        Citizen citizen = (Citizen) req.getAttribute(NationalLoginFilter.CITIZEN);
        NationalLogin login = (NationalLogin) getServletContext().getAttribute(PortalSetup.LOGIN);
        String account = login.accountUrl().map(Object::toString).orElse(login.issuer().toString());
        res.setContentType("text/html; charset=utf-8");
        res.setHeader("Cache-Control", "no-store");
        res.getWriter().write("<!DOCTYPE html><html lang=\"fa\" dir=\"rtl\"><head><meta charset=\"utf-8\">"
                + "<title>پنجرهٔ من</title></head><body><main><h1>پنجرهٔ من</h1><p>خوش آمدید، " + escape(citizen.displayName())
                + ".</p><p><a href=\"" + escape(account) + "\">انتقال به پنجره ملی</a></p>"
                + "<p><a href=\"" + req.getContextPath() + "/logout\">خروج</a></p></main></body></html>");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
