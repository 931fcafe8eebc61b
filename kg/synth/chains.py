"""The industry chains of the synthetic economy: what each link makes and from what.

Each chain is a tree of products read from the top: the chain leaders (链主) make
the final product; a supplier of a product sells to makers of the products it
goes into, so supply chains are as deep as these trees (four or five levels).
Industries are the project's own (data/vocab/industries.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Product:
    id: str
    zh: str
    en: str
    industry: str
    inputs: tuple[str, ...] = ()
    # how a maker of this product names itself: 江州嘉华{firm}科技有限公司
    firm_zh: str = ""
    firm_en: str = ""

    @property
    def maker_zh(self) -> str:
        return self.firm_zh or self.zh

    @property
    def maker_en(self) -> str:
        return self.firm_en or self.en.title()


@dataclass(frozen=True)
class Chain:
    id: str
    zh: str  # 汽车
    en: str  # automotive
    industry: str  # the cluster's industry
    leader_industries: tuple[str, ...]
    top: str  # the product the chain leaders make
    model_class: str  # the class of the leaders' models: VehicleModel or Product
    model_zh: str  # 型 / 手机: the model's name is {leader}{series}{model_zh}
    model_en: str
    output_indicator: str | None  # the district's output of this chain, when an indicator says it
    volume_indicator: str | None  # what the leaders' production is counted in
    volume_unit: tuple[str, str] | None  # (written unit, its power of ten): 万辆 → 4


P = Product

PRODUCTS: dict[str, Product] = {
    p.id: p
    for p in (
        # --- automotive -------------------------------------------------------------------
        P("vehicle", "整车", "vehicles", "automotive",
          ("traction-battery", "electric-drive", "smart-cockpit", "seats", "brake-system", "thermal-management",
           "body-structure", "automotive-lighting", "wiring-harness", "tyres"),
          firm_zh="汽车", firm_en="Automobile"),
        P("traction-battery", "动力电池", "traction batteries", "power-battery",
          ("battery-cell", "battery-management-system", "battery-housing"), firm_en="Power Battery"),
        P("battery-cell", "动力电芯", "battery cells", "power-battery",
          ("cathode-material", "anode-material", "electrolyte", "separator"), firm_en="Battery Cell"),
        P("cathode-material", "正极材料", "cathode materials", "power-battery",
          ("lithium-carbonate", "ternary-precursor"), firm_zh="锂电正极材料", firm_en="Cathode Material"),
        P("anode-material", "负极材料", "anode materials", "power-battery", ("graphite",),
          firm_zh="锂电负极材料", firm_en="Anode Material"),
        P("electrolyte", "电解液", "electrolytes", "power-battery", (), firm_en="Electrolyte"),
        P("separator", "隔膜", "battery separators", "power-battery", (), firm_zh="锂电隔膜", firm_en="Separator"),
        P("lithium-carbonate", "碳酸锂", "lithium carbonate", "power-battery", (), firm_zh="锂业",
          firm_en="Lithium"),
        P("ternary-precursor", "三元前驱体", "ternary precursors", "power-battery", (), firm_en="Precursor"),
        P("graphite", "人造石墨", "synthetic graphite", "power-battery", (), firm_zh="石墨", firm_en="Graphite"),
        P("battery-management-system", "电池管理系统", "battery management systems", "power-battery",
          ("automotive-chip",), firm_zh="电池管理", firm_en="Battery Management"),
        P("battery-housing", "电池包壳体", "battery pack housings", "auto-parts", ("die-casting",),
          firm_zh="电池壳体", firm_en="Battery Housing"),
        P("electric-drive", "电驱动系统", "electric drive systems", "nev-powertrain",
          ("drive-motor", "motor-controller", "reducer"), firm_zh="电驱动", firm_en="Electric Drive"),
        P("drive-motor", "驱动电机", "drive motors", "nev-powertrain",
          ("rare-earth-magnet", "magnet-wire", "bearing"), firm_zh="电机", firm_en="Motor"),
        P("motor-controller", "电机控制器", "motor controllers", "nev-powertrain",
          ("power-semiconductor", "circuit-board"), firm_zh="电控", firm_en="Motor Control"),
        P("reducer", "减速器", "reduction gears", "nev-powertrain", ("bearing",), firm_zh="传动",
          firm_en="Transmission"),
        P("rare-earth-magnet", "稀土永磁材料", "rare-earth permanent magnets", "auto-parts", (),
          firm_zh="磁材", firm_en="Magnetics"),
        P("magnet-wire", "电磁线", "magnet wire", "auto-parts", (), firm_zh="线材", firm_en="Wire"),
        P("bearing", "轴承", "bearings", "auto-parts", (), firm_en="Bearing"),
        P("power-semiconductor", "功率半导体", "power semiconductors", "integrated-circuits", ("wafer",),
          firm_zh="功率半导体", firm_en="Power Semiconductor"),
        P("smart-cockpit", "智能座舱", "smart cockpits", "auto-parts",
          ("vehicle-display", "automotive-chip", "vehicle-os"), firm_en="Smart Cockpit"),
        P("vehicle-display", "车载显示屏", "in-vehicle displays", "auto-parts", ("display-panel",),
          firm_zh="车载显示", firm_en="Automotive Display"),
        P("automotive-chip", "汽车芯片", "automotive chips", "integrated-circuits", ("wafer",),
          firm_zh="车规芯片", firm_en="Automotive Chip"),
        P("vehicle-os", "车载操作系统", "in-vehicle operating systems", "software-information", (),
          firm_zh="车载软件", firm_en="Automotive Software"),
        P("seats", "汽车座椅", "car seats", "auto-parts", ("seat-frame", "polyurethane-foam"), firm_zh="座椅",
          firm_en="Seating"),
        P("seat-frame", "座椅骨架", "seat frames", "auto-parts", ("steel-sheet",), firm_zh="座椅骨架",
          firm_en="Seat Frame"),
        P("polyurethane-foam", "聚氨酯泡沫", "polyurethane foam", "auto-parts", (), firm_zh="聚氨酯",
          firm_en="Polyurethane"),
        P("brake-system", "制动系统", "brake systems", "auto-parts", ("brake-caliper",), firm_zh="制动",
          firm_en="Braking"),
        P("brake-caliper", "制动钳", "brake calipers", "auto-parts", ("die-casting",), firm_zh="制动钳",
          firm_en="Brake Caliper"),
        P("thermal-management", "热管理系统", "thermal management systems", "auto-parts",
          ("electric-compressor", "heat-exchanger"), firm_zh="热管理", firm_en="Thermal Management"),
        P("electric-compressor", "电动压缩机", "electric compressors", "auto-parts", ("bearing",),
          firm_zh="压缩机", firm_en="Compressor"),
        P("heat-exchanger", "换热器", "heat exchangers", "auto-parts", ("aluminium-alloy",), firm_zh="换热器",
          firm_en="Heat Exchanger"),
        P("body-structure", "车身结构件", "body structures", "auto-parts", ("die-casting", "steel-sheet"),
          firm_zh="车身部件", firm_en="Body Parts"),
        P("die-casting", "铝合金压铸件", "aluminium die castings", "auto-parts", ("aluminium-alloy",),
          firm_zh="压铸", firm_en="Die Casting"),
        P("aluminium-alloy", "铝合金锭", "aluminium alloy ingots", "auto-parts", (), firm_zh="铝业",
          firm_en="Aluminium"),
        P("steel-sheet", "汽车钢板", "automotive steel sheet", "auto-parts", (), firm_zh="钢材",
          firm_en="Steel"),
        P("automotive-lighting", "汽车灯具", "automotive lighting", "auto-parts", ("led-chip",),
          firm_zh="车灯", firm_en="Lighting"),
        P("led-chip", "LED芯片", "LED chips", "integrated-circuits", ("wafer",), firm_zh="光电",
          firm_en="Optoelectronics"),
        P("wiring-harness", "汽车线束", "wiring harnesses", "auto-parts", ("magnet-wire",), firm_zh="线束",
          firm_en="Wiring Harness"),
        P("tyres", "轮胎", "tyres", "auto-parts", ("synthetic-rubber",), firm_en="Tyre"),
        P("synthetic-rubber", "合成橡胶", "synthetic rubber", "auto-parts", (), firm_zh="橡胶",
          firm_en="Rubber"),
        # --- smartphones ------------------------------------------------------------------
        P("smartphone", "智能手机", "smartphones", "smartphones",
          ("phone-display", "camera-module", "mainboard", "phone-battery", "phone-casing", "charger"),
          firm_zh="通讯", firm_en="Communication"),
        P("phone-display", "手机显示模组", "phone display modules", "smartphones",
          ("display-panel", "cover-glass", "touch-sensor"), firm_zh="显示模组", firm_en="Display Module"),
        P("display-panel", "OLED面板", "OLED panels", "electronic-information", (), firm_zh="显示面板",
          firm_en="Display Panel"),
        P("cover-glass", "玻璃盖板", "cover glass", "electronic-information", (), firm_zh="玻璃",
          firm_en="Glass"),
        P("touch-sensor", "触控模组", "touch modules", "electronic-information", (), firm_zh="触控",
          firm_en="Touch"),
        P("camera-module", "摄像头模组", "camera modules", "smartphones",
          ("image-sensor", "optical-lens", "voice-coil-motor"), firm_zh="影像", firm_en="Imaging"),
        P("image-sensor", "图像传感器", "image sensors", "integrated-circuits", ("wafer",), firm_zh="传感",
          firm_en="Sensor"),
        P("optical-lens", "光学镜头", "optical lenses", "electronic-information", (), firm_zh="光学",
          firm_en="Optics"),
        P("voice-coil-motor", "音圈马达", "voice coil motors", "electronic-information", (),
          firm_zh="微电机", firm_en="Micro Motor"),
        P("mainboard", "手机主板", "phone mainboards", "smartphones",
          ("circuit-board", "mobile-processor", "memory-chip", "passive-components"), firm_zh="智能终端主板",
          firm_en="Mainboard"),
        P("circuit-board", "印制电路板", "printed circuit boards", "electronic-information",
          ("copper-clad-laminate",), firm_zh="电路", firm_en="Circuit"),
        P("copper-clad-laminate", "覆铜板", "copper-clad laminates", "electronic-information", (),
          firm_zh="覆铜板", firm_en="Laminate"),
        P("mobile-processor", "移动处理器芯片", "mobile processors", "integrated-circuits", ("wafer",),
          firm_zh="微电子", firm_en="Microelectronics"),
        P("memory-chip", "存储芯片", "memory chips", "integrated-circuits", ("wafer",), firm_zh="存储",
          firm_en="Memory"),
        P("wafer", "晶圆", "wafers", "integrated-circuits", (), firm_zh="半导体", firm_en="Semiconductor"),
        P("passive-components", "被动元器件", "passive components", "electronic-information", (),
          firm_zh="电子元件", firm_en="Electronic Components"),
        P("phone-battery", "手机电池", "phone batteries", "electronic-information", ("consumer-cell",),
          firm_zh="新能源", firm_en="New Energy"),
        P("consumer-cell", "消费类电芯", "consumer battery cells", "electronic-information", (),
          firm_zh="电芯", firm_en="Cell"),
        P("phone-casing", "手机结构件", "phone casings", "smartphones", ("aluminium-alloy",),
          firm_zh="精密结构件", firm_en="Precision Parts"),
        P("charger", "充电器", "chargers", "electronic-information", ("passive-components",),
          firm_zh="电源", firm_en="Power Supply"),
        # --- low-altitude aircraft ---------------------------------------------------------
        P("evtol", "电动垂直起降飞行器", "eVTOL aircraft", "low-altitude-economy",
          ("flight-control", "aviation-battery", "aviation-motor", "composite-airframe", "avionics"),
          firm_zh="航空", firm_en="Aviation"),
        P("flight-control", "飞控系统", "flight control systems", "low-altitude-economy",
          ("inertial-sensor", "beidou-module"), firm_zh="飞控", firm_en="Flight Control"),
        P("inertial-sensor", "惯性传感器", "inertial sensors", "integrated-circuits", ("wafer",),
          firm_zh="惯导", firm_en="Inertial Navigation"),
        P("beidou-module", "北斗定位模块", "BeiDou positioning modules", "beidou", ("memory-chip",),
          firm_zh="北斗导航", firm_en="BeiDou Navigation"),
        P("aviation-battery", "航空动力电池", "aviation batteries", "airport-manufacturing", ("battery-cell",),
          firm_zh="航空电池", firm_en="Aviation Battery"),
        P("aviation-motor", "航空电机", "aviation motors", "airport-manufacturing", ("rare-earth-magnet", "bearing"),
          firm_zh="航空电机", firm_en="Aviation Motor"),
        P("composite-airframe", "复合材料机身", "composite airframes", "airport-manufacturing",
          ("carbon-fibre", "epoxy-resin"), firm_zh="复合材料", firm_en="Composites"),
        P("carbon-fibre", "碳纤维", "carbon fibre", "airport-manufacturing", (), firm_zh="碳纤维",
          firm_en="Carbon Fibre"),
        P("epoxy-resin", "环氧树脂", "epoxy resin", "airport-manufacturing", (), firm_zh="化工",
          firm_en="Chemical"),
        P("avionics", "航电系统", "avionics", "airport-manufacturing", ("mobile-processor", "circuit-board"),
          firm_zh="航电", firm_en="Avionics"),
        # --- computing power --------------------------------------------------------------
        P("computing-service", "智算服务", "AI computing services", "computing-power",
          ("server", "liquid-cooling", "network-equipment", "ups", "cloud-platform"),
          firm_zh="算力", firm_en="Computing"),
        P("server", "服务器", "servers", "computing-power", ("accelerator-card", "memory-chip", "circuit-board"),
          firm_zh="信息技术", firm_en="Information Technology"),
        P("accelerator-card", "加速计算卡", "accelerator cards", "integrated-circuits", ("wafer",),
          firm_zh="智芯", firm_en="AI Chip"),
        P("liquid-cooling", "液冷系统", "liquid cooling systems", "computing-power", ("heat-exchanger",),
          firm_zh="液冷", firm_en="Liquid Cooling"),
        P("network-equipment", "网络设备", "network equipment", "digital-economy", ("circuit-board",),
          firm_zh="网络", firm_en="Networks"),
        P("ups", "不间断电源", "uninterruptible power supplies", "digital-economy", ("passive-components",),
          firm_zh="电力电子", firm_en="Power Electronics"),
        P("cloud-platform", "云平台软件", "cloud platform software", "software-information", (),
          firm_zh="云计算", firm_en="Cloud"),
    )
}

CHAINS: dict[str, Chain] = {
    c.id: c
    for c in (
        Chain("automotive", "汽车", "automotive", "automotive", ("automotive", "nev"), "vehicle",
              "VehicleModel", "", "", "auto-industry-output", "vehicle-production", ("万辆", 4)),
        Chain("electronics", "电子信息", "electronic information", "electronic-information", ("smartphones",),
              "smartphone", "Product", "手机", " phone", "electronics-output", "phone-production", ("万台", 4)),
        Chain("low-altitude", "低空经济", "low-altitude economy", "low-altitude-economy",
              ("low-altitude-economy", "airport-manufacturing"), "evtol", "Product", "飞行器", " aircraft",
              None, None, None),
        Chain("computing", "算力", "computing power", "computing-power", ("computing-power", "digital-economy"),
              "computing-service", "Product", "智算云", " AI cloud", "digital-core-added-value", None, None),
    )
}


def chain_products(chain: Chain) -> list[Product]:
    """The products of a chain, top first, each once (breadth-first)."""
    seen: list[str] = []
    queue = [chain.top]
    while queue:
        product = queue.pop(0)
        if product not in seen:
            seen.append(product)
            queue.extend(PRODUCTS[product].inputs)
    return [PRODUCTS[p] for p in seen]
