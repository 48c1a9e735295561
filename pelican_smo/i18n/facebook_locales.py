"""The locales Facebook accepts in ``og:locale``: the only list of them in the package.

Source: Facebook's ``FacebookLocales.xml`` (``https://www.facebook.com/translations/
FacebookLocales.xml``, each ``<representation>`` of standard ``FB``), together with the
later list of locale identifiers from Facebook's developer documentation
("Localization & translation: Locales", ``developers.facebook.com/docs/javascript/
internationalization``), which added ``am_ET``, ``cb_IQ``, ``cx_PH``, ``ff_NG``,
``ha_NG``, ``ja_KS``, ``lo_LA``, ``my_MM``, ``or_IN``, ``rw_RW``, ``sc_IT``, ``si_LK``,
``sn_ZW``, ``sz_PL``, ``tz_MA`` and others. Facebook ignores an ``og:locale`` it does
not list, so a language with no entry here gets no ``og:locale`` at all.

Facebook's documentation: "There are two exceptions that do not follow the ISO
standard: ``ar_AR`` and ``es_LA``. We use these to denote umbrella locales for Arabic
and Spanish." Joke and test locales (``en_PI`` Pirate, ``en_UD`` Upside Down, ``fb_LT``
Leet Speak, ``fb_FI``, ``tl_ST`` Klingon) are left out: no real language maps to them.

To add a locale: add its ``ll_TT`` code below, in order, and say in the commit where
Facebook lists it.
"""

from __future__ import annotations

#: Whitespace-separated, so the table reads as a table.
FACEBOOK_LOCALES: frozenset[str] = frozenset(
    """
af_ZA am_ET ar_AR as_IN ay_BO az_AZ be_BY bg_BG bn_IN br_FR bs_BA ca_ES cb_IQ ck_US
co_FR cs_CZ cx_PH cy_GB da_DK de_DE el_GR en_GB en_US eo_EO es_CL es_CO es_ES es_LA
es_MX es_VE et_EE eu_ES fa_IR ff_NG fi_FI fo_FO fr_CA fr_FR fy_NL ga_IE gl_ES gn_PY
gu_IN ha_NG he_IL hi_IN hr_HR ht_HT hu_HU hy_AM id_ID is_IS it_IT ja_JP ja_KS jv_ID
ka_GE kk_KZ km_KH kn_IN ko_KR ku_TR ky_KG la_VA li_NL lo_LA lt_LT lv_LV mg_MG mk_MK
ml_IN mn_MN mr_IN ms_MY mt_MT my_MM nb_NO ne_NP nl_BE nl_NL nn_NO or_IN pa_IN pl_PL
ps_AF pt_BR pt_PT qu_PE rm_CH ro_RO ru_RU rw_RW sa_IN sc_IT se_NO si_LK sk_SK sl_SI
sn_ZW so_SO sq_AL sr_RS sv_SE sw_KE sy_SY sz_PL ta_IN te_IN tg_TJ th_TH tl_PH tr_TR
tt_RU tz_MA uk_UA ur_PK uz_UZ vi_VN xh_ZA yi_DE zh_CN zh_HK zh_TW zu_ZA
""".split()  # noqa: SIM905
)

#: Facebook's umbrella locale for a language whose own region it does not list
#: (``ar-EG``, ``ar-SA`` → ``ar_AR``; ``es-AR``, ``es-419`` → ``es_LA``), and the one
#: locale for a language code Facebook spells differently (``fil`` → ``tl_PH``,
#: ``no`` → ``nb_NO``).
UMBRELLA: dict[str, str] = {
    "ar": "ar_AR",
    "es": "es_LA",
    "fil": "tl_PH",
    "tl": "tl_PH",
    "no": "nb_NO",
}
