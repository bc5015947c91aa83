"""Choices of the campaigns area. Codes are API values: never rename them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class GoalKind(models.TextChoices):
    SALES = "sales", _("Sales")
    LEADS = "leads", _("Leads")
    RETENTION = "retention", _("Retention")
    AWARENESS = "awareness", _("Awareness")
    HIRING = "hiring", _("Hiring")


class GoalMetric(models.TextChoices):
    """What a goal counts: the metric columns of ``MetricDaily`` (and conversions for leads/sales)."""

    REVENUE = "revenue", _("Revenue")
    SALES = "sales", _("Sales")
    LEADS = "leads", _("Leads")
    REACH = "reach", _("Reach")
    IMPRESSIONS = "impressions", _("Impressions")
    FOLLOWERS = "followers", _("Followers")
    ENGAGEMENTS = "engagements", _("Engagements")
    CLICKS = "clicks", _("Clicks")


class Objective(models.TextChoices):
    REACH = "reach", _("Reach")
    ENGAGEMENT = "engagement", _("Engagement")
    TRAFFIC = "traffic", _("Traffic")
    LEADS = "leads", _("Leads")
    SALES = "sales", _("Sales")
    COMMUNITY_GROWTH = "community_growth", _("Community growth")


class Channel(models.TextChoices):
    VK = "vk", _("VK")
    TELEGRAM = "telegram", _("Telegram")
    OK = "ok", _("Odnoklassniki")
    DZEN = "dzen", _("Dzen")
    YOUTUBE = "youtube", _("YouTube")
    RUTUBE = "rutube", _("Rutube")
    VK_VIDEO = "vk_video", _("VK Video")
    EMAIL = "email", _("Email newsletter")
    WEBSITE = "website", _("Website / blog")
    OTHER = "other", _("Other")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class KpiMetric(models.TextChoices):
    """What a KPI measures: a summed metric or a derived ratio (cost metrics: lower is better)."""

    IMPRESSIONS = "impressions", _("Impressions")
    REACH = "reach", _("Reach")
    CLICKS = "clicks", _("Clicks")
    ENGAGEMENTS = "engagements", _("Engagements")
    FOLLOWERS = "followers", _("Followers gained")
    POSTS = "posts", _("Posts published")
    LEADS = "leads", _("Leads")
    SALES = "sales", _("Sales")
    REVENUE = "revenue", _("Revenue")
    CTR = "ctr", _("Click-through rate, %")
    ENGAGEMENT_RATE = "engagement_rate", _("Engagement rate, %")
    COST_PER_LEAD = "cost_per_lead", _("Cost per lead")
    COST_PER_SALE = "cost_per_sale", _("Cost per sale")
    ROMI = "romi", _("Return on marketing investment, %")


class Verdict(models.TextChoices):
    ALIGNED = "aligned", _("Aligned")
    AT_RISK = "at_risk", _("At risk")
    MISALIGNED = "misaligned", _("Misaligned")
    INSUFFICIENT_DATA = "insufficient_data", _("Not enough data")


class ConversionKind(models.TextChoices):
    LEAD = "lead", _("Lead")
    SALE = "sale", _("Sale")


class TrendStatus(models.TextChoices):
    WATCHING = "watching", _("Watching")
    TESTING = "testing", _("Testing")
    ADOPTED = "adopted", _("Adopted")
    DROPPED = "dropped", _("Dropped")
